/**
 * Reassembly of fragments into messages over wasm memory (MS-PSRP 2.2.4): the wasm path of
 * src/defragmenter.ts, with the same checks in the same order. State lives in unmanaged heap
 * memory, one Reassembly per Defragmenter, addressed by pointer from the glue.
 */
import {
  FLAG_END,
  FLAG_START,
  FRAGMENT_HEADER_BYTES,
  readBlobLength,
  readFlags,
  readFragmentId,
  readObjectId,
} from './fragment-header';

// Status codes returned by reassemblyPush; src/wasm/reassembly-status.ts mirrors them.
const STATUS_HEADER_OBJECT_ID: i32 = -1;
const STATUS_HEADER_FRAGMENT_ID: i32 = -2;
const STATUS_MISSING_START: i32 = -3;
const STATUS_START_NOT_FIRST: i32 = -4;
const STATUS_DUPLICATE_START: i32 = -5;
const STATUS_DUPLICATE: i32 = -6;
const STATUS_SKIPPED: i32 = -7;
const STATUS_TOO_LARGE: i32 = -8;
const STATUS_TOO_MANY: i32 = -9;

/** Ids above 2^53-1 cannot be held exactly by a JS number; the TS path rejects them too. */
const MAX_SAFE_ID: u64 = 0x1f_ffff_ffff_ffff;
const MIN_CAPACITY: u32 = 64;
const INITIAL_SLOTS: u32 = 8;
/** An output entry: data pointer, length, owned flag (u32 each). */
const OUTPUT_ENTRY_BYTES: usize = 12;

// Detail of the last error, read by the glue through the exported getters.
let errorObjectId: u64 = 0;
let errorFragmentId: u64 = 0;
let errorExpected: u64 = 0;
let errorSize: u64 = 0;

export function lastErrorObjectId(): u64 {
  return errorObjectId;
}
export function lastErrorFragmentId(): u64 {
  return errorFragmentId;
}
export function lastErrorExpected(): u64 {
  return errorExpected;
}
export function lastErrorSize(): u64 {
  return errorSize;
}

@unmanaged class ObjectSlot {
  objectId: u64 = 0;
  nextFragmentId: u64 = 0;
  /** Bytes promised by the headers seen so far, checked against the limit. */
  reserved: u32 = 0;
  /** Bytes actually copied in. */
  written: u32 = 0;
  capacity: u32 = 0;
  data: usize = 0;
}

@unmanaged class Reassembly {
  maxObjectBytes: u32 = 0;
  maxObjects: u32 = 0;
  slotCount: u32 = 0;
  slotCapacity: u32 = 0;
  slots: usize = 0;
  header: usize = 0;
  headerFill: u32 = 0;
  current: ObjectSlot | null = null;
  currentBlobLength: u32 = 0;
  remaining: u32 = 0;
  currentEnds: bool = false;
  outputs: usize = 0;
  outputCount: u32 = 0;
  outputCapacity: u32 = 0;
}

function slotAt(state: Reassembly, index: u32): ObjectSlot {
  return changetype<ObjectSlot>(load<usize>(state.slots + (<usize>index << alignof<usize>())));
}

function findSlot(state: Reassembly, objectId: u64): i32 {
  for (let index: u32 = 0; index < state.slotCount; index++) {
    if (slotAt(state, index).objectId == objectId) return <i32>index;
  }
  return -1;
}

function addSlot(state: Reassembly, slot: ObjectSlot): void {
  if (state.slotCount == state.slotCapacity) {
    state.slotCapacity <<= 1;
    state.slots = heap.realloc(state.slots, <usize>state.slotCapacity << alignof<usize>());
  }
  store<usize>(state.slots + (<usize>state.slotCount << alignof<usize>()), changetype<usize>(slot));
  state.slotCount++;
}

function removeSlot(state: Reassembly, index: u32): void {
  state.slotCount--;
  const last = load<usize>(state.slots + (<usize>state.slotCount << alignof<usize>()));
  store<usize>(state.slots + (<usize>index << alignof<usize>()), last);
}

function addOutput(state: Reassembly, data: usize, length: u32, owned: bool): void {
  if (state.outputCount == state.outputCapacity) {
    state.outputCapacity <<= 1;
    state.outputs = heap.realloc(state.outputs, <usize>state.outputCapacity * OUTPUT_ENTRY_BYTES);
  }
  const entry = state.outputs + <usize>state.outputCount * OUTPUT_ENTRY_BYTES;
  store<u32>(entry, <u32>data);
  store<u32>(entry, length, 4);
  store<u32>(entry, owned ? 1 : 0, 8);
  state.outputCount++;
}

function releaseOutputs(state: Reassembly): void {
  for (let index: u32 = 0; index < state.outputCount; index++) {
    const entry = state.outputs + <usize>index * OUTPUT_ENTRY_BYTES;
    if (load<u32>(entry, 8) != 0) heap.free(<usize>load<u32>(entry));
  }
  state.outputCount = 0;
}

/** A new reassembly state; the glue passes the returned pointer to every other call. */
export function reassemblyCreate(maxObjectBytes: u32, maxObjects: u32): usize {
  const state = changetype<Reassembly>(heap.alloc(offsetof<Reassembly>()));
  state.maxObjectBytes = maxObjectBytes;
  state.maxObjects = maxObjects;
  state.slotCount = 0;
  state.slotCapacity = INITIAL_SLOTS;
  state.slots = heap.alloc(<usize>INITIAL_SLOTS << alignof<usize>());
  state.header = heap.alloc(FRAGMENT_HEADER_BYTES);
  state.headerFill = 0;
  state.current = null;
  state.currentBlobLength = 0;
  state.remaining = 0;
  state.currentEnds = false;
  state.outputCount = 0;
  state.outputCapacity = INITIAL_SLOTS;
  state.outputs = heap.alloc(<usize>INITIAL_SLOTS * OUTPUT_ENTRY_BYTES);
  return changetype<usize>(state);
}

/** Frees the state and everything it holds. */
export function reassemblyDestroy(pointer: usize): void {
  const state = changetype<Reassembly>(pointer);
  releaseOutputs(state);
  for (let index: u32 = 0; index < state.slotCount; index++) {
    const slot = slotAt(state, index);
    if (slot.data != 0) heap.free(slot.data);
    heap.free(changetype<usize>(slot));
  }
  heap.free(state.slots);
  heap.free(state.header);
  heap.free(state.outputs);
  heap.free(pointer);
}

export function reassemblyObjectsInFlight(pointer: usize): u32 {
  return changetype<Reassembly>(pointer).slotCount;
}

/** Bytes of a half-read header, or 0. */
export function reassemblyHeaderFill(pointer: usize): u32 {
  return changetype<Reassembly>(pointer).headerFill;
}

/** BlobLength of the fragment whose blob is half-read, or -1 when there is none. */
export function reassemblyPendingBlobLength(pointer: usize): i64 {
  const state = changetype<Reassembly>(pointer);
  return state.current == null ? -1 : <i64>state.currentBlobLength;
}

/** Blob bytes the fragment in progress still needs. */
export function reassemblyRemaining(pointer: usize): u32 {
  return changetype<Reassembly>(pointer).remaining;
}

/** Object id of the slot at `index` (0 <= index < objects in flight), for error reports. */
export function reassemblyObjectIdAt(pointer: usize, index: u32): u64 {
  return slotAt(changetype<Reassembly>(pointer), index).objectId;
}

function fail(status: i32, objectId: u64, fragmentId: u64, expected: u64, size: u64): i32 {
  errorObjectId = objectId;
  errorFragmentId = fragmentId;
  errorExpected = expected;
  errorSize = size;
  return status;
}

/**
 * Checks the header at `header` against the objects in flight and starts its fragment.
 * Returns 1 when the fragment was a whole object handed on straight from the chunk (its blob,
 * `available` bytes at `blob`, was long enough), 0 when a fragment is now in progress, or a
 * negative status.
 */
function beginFragment(state: Reassembly, header: usize, blob: usize, available: usize): i32 {
  const objectId = readObjectId(header);
  if (objectId == 0 || objectId > MAX_SAFE_ID) return fail(STATUS_HEADER_OBJECT_ID, objectId, 0, 0, 0);
  const fragmentId = readFragmentId(header);
  if (fragmentId > MAX_SAFE_ID) return fail(STATUS_HEADER_FRAGMENT_ID, objectId, fragmentId, 0, 0);
  const flags = readFlags(header);
  const start = (flags & FLAG_START) != 0;
  const ends = (flags & FLAG_END) != 0;
  const blobLength = readBlobLength(header);

  const index = findSlot(state, objectId);
  let slot: ObjectSlot | null = null;
  if (index < 0) {
    if (!start) return fail(STATUS_MISSING_START, objectId, fragmentId, 0, 0);
    if (fragmentId != 0) return fail(STATUS_START_NOT_FIRST, objectId, fragmentId, 0, 0);
    if (state.slotCount >= state.maxObjects) return fail(STATUS_TOO_MANY, objectId, fragmentId, 0, 0);
  } else {
    slot = slotAt(state, <u32>index);
    if (start) return fail(STATUS_DUPLICATE_START, objectId, fragmentId, slot.nextFragmentId, 0);
    if (fragmentId != slot.nextFragmentId) {
      const status = fragmentId < slot.nextFragmentId ? STATUS_DUPLICATE : STATUS_SKIPPED;
      return fail(status, objectId, fragmentId, slot.nextFragmentId, 0);
    }
  }
  const reserved: u64 = (slot == null ? 0 : <u64>slot.reserved) + <u64>blobLength;
  if (reserved > <u64>state.maxObjectBytes) return fail(STATUS_TOO_LARGE, objectId, fragmentId, 0, reserved);

  // A whole object in one fragment, all in this chunk: hand on its blob where it lies.
  if (slot == null && ends && <usize>blobLength <= available) {
    addOutput(state, blob, blobLength, false);
    return 1;
  }
  if (slot == null) {
    slot = changetype<ObjectSlot>(heap.alloc(offsetof<ObjectSlot>()));
    slot.objectId = objectId;
    slot.reserved = 0;
    slot.written = 0;
    slot.capacity = 0;
    slot.data = 0;
    addSlot(state, slot);
  }
  slot.reserved = <u32>reserved;
  slot.nextFragmentId = fragmentId + 1;
  state.current = slot;
  state.currentBlobLength = blobLength;
  state.remaining = blobLength;
  state.currentEnds = ends;
  return 0;
}

/** Grows the object's buffer to hold `needed` bytes; never beyond what its headers promised. */
function ensureCapacity(slot: ObjectSlot, needed: u32): void {
  if (needed <= slot.capacity) return;
  let capacity = slot.capacity << 1;
  if (capacity < MIN_CAPACITY) capacity = MIN_CAPACITY;
  if (capacity < needed) capacity = needed;
  if (capacity > slot.reserved) capacity = slot.reserved;
  slot.data = slot.data == 0 ? heap.alloc(capacity) : heap.realloc(slot.data, capacity);
  slot.capacity = capacity;
}

function endFragment(state: Reassembly): void {
  const slot = changetype<ObjectSlot>(state.current);
  state.current = null;
  if (!state.currentEnds) return;
  removeSlot(state, <u32>findSlot(state, slot.objectId));
  addOutput(state, slot.data, slot.written, slot.data != 0);
  heap.free(changetype<usize>(slot));
}

/**
 * Takes `length` bytes of fragments at `source`. Returns how many messages completed (read
 * them with reassemblyOutput* before the next push), or a negative status.
 */
export function reassemblyPush(pointer: usize, source: usize, length: usize): i32 {
  const state = changetype<Reassembly>(pointer);
  releaseOutputs(state);
  let offset: usize = 0;
  while (offset < length) {
    const slot = state.current;
    if (slot == null) {
      let header = source + offset;
      if (state.headerFill == 0 && length - offset >= <usize>FRAGMENT_HEADER_BYTES) {
        offset += FRAGMENT_HEADER_BYTES;
      } else {
        const wanted = <usize>(FRAGMENT_HEADER_BYTES - state.headerFill);
        const take = wanted < length - offset ? wanted : length - offset;
        memory.copy(state.header + state.headerFill, source + offset, take);
        state.headerFill += <u32>take;
        offset += take;
        if (state.headerFill < FRAGMENT_HEADER_BYTES) break;
        state.headerFill = 0;
        header = state.header;
      }
      const status = beginFragment(state, header, source + offset, length - offset);
      if (status < 0) return status;
      if (status == 1) offset += readBlobLength(header);
      else if (state.remaining == 0) endFragment(state);
      continue;
    }
    const available = length - offset;
    const take = <u32>(available < <usize>state.remaining ? available : <usize>state.remaining);
    ensureCapacity(slot, slot.written + take);
    memory.copy(slot.data + slot.written, source + offset, take);
    slot.written += take;
    state.remaining -= take;
    offset += take;
    if (state.remaining == 0) endFragment(state);
  }
  return <i32>state.outputCount;
}

/** Frees the messages of the last push once the glue has copied them out. */
export function reassemblyReleaseOutputs(pointer: usize): void {
  releaseOutputs(changetype<Reassembly>(pointer));
}

/** Pointer to the data of completed message `index` of the last push. */
export function reassemblyOutputPointer(pointer: usize, index: u32): usize {
  return <usize>load<u32>(changetype<Reassembly>(pointer).outputs + <usize>index * OUTPUT_ENTRY_BYTES);
}

/** Length of completed message `index` of the last push. */
export function reassemblyOutputLength(pointer: usize, index: u32): u32 {
  return load<u32>(changetype<Reassembly>(pointer).outputs + <usize>index * OUTPUT_ENTRY_BYTES, 4);
}
