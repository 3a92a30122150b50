/**
 * @module Where the bytes of an object are decoded to. PSRP does not say how long an object is
 * until its last fragment, so the bytes go into segments: one per piece of text as it arrives,
 * joined when the object completes (one copy, as joining decoded fragments costs). Two guesses save
 * that copy: the last fragment knows the object's final size, and the first segment of an object
 * may take the size of the previous object that took several fragments (objects of one stream tend
 * to be alike, e.g. the chunks of a file). A guess never allocates more than twice what has
 * arrived, except that one object at a time may hold the previous object's size.
 */

const GROWTH_LIMIT = 2;
/** A completed message keeps its segment unless more than half of it, and at least this much, is unused. */
const SHRINK_MIN_UNUSED_BYTES = 64 * 1024;

/** What a new segment is sized from. */
export interface SegmentRequest {
  /** Bytes of the object already written to earlier segments. */
  written: number;
  /** Bytes at hand for this segment now. */
  take: number;
  /** The object's final size when its last fragment has begun. */
  finalBytes: number | undefined;
  /** The previous multi-fragment object's size, when this object may speculate on it; else 0. */
  previousObjectBytes: number;
}

/** The capacity of the next segment (at least `take`). */
export function segmentCapacity({ written, take, finalBytes, previousObjectBytes }: SegmentRequest): number {
  const arrived = written + take;
  if (finalBytes !== undefined && finalBytes <= GROWTH_LIMIT * arrived) return finalBytes - written;
  if (written === 0 && previousObjectBytes > take) return finalBytes === undefined ? previousObjectBytes : Math.min(previousObjectBytes, finalBytes);
  return take;
}

/** True when a message of `length` bytes is worth copying out of a segment of `capacity`. */
export function worthShrinking(capacity: number, length: number): boolean {
  const unused = capacity - length;
  return unused > length && unused >= SHRINK_MIN_UNUSED_BYTES;
}
