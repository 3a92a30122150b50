/**
 * The PSRP message header (MS-PSRP 2.2.1) over wasm memory: Destination and MessageType as
 * little-endian u32, RPID and PID as GUIDs in .NET Guid.ToByteArray() order. GUIDs cross as
 * 36 ASCII characters, 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'.
 */

export const MESSAGE_HEADER_BYTES: usize = 40;
const GUID_BYTES: usize = 16;
export const GUID_CHARS: usize = 36;
const RPID_OFFSET: usize = 8;
const PID_OFFSET: usize = 24;
const DASH: u32 = 0x2d;

// For each wire byte, where its two hex digits sit in the text (first three groups reversed).
const DIGIT_OFFSETS = memory.data<u8>([6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34]);
const DASH_OFFSETS = memory.data<u8>([8, 13, 18, 23]);

function hexValue(char: u32): i32 {
  if (char - 0x30 < 10) return <i32>(char - 0x30); // 0-9
  const lower = char | 0x20; // A-F and a-f alike
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

@inline function hexDigit(value: u32): u8 {
  return <u8>(value < 10 ? 0x30 + value : 0x61 + value - 10);
}

/** Parses the GUID text at `text` into 16 wire bytes at `target`; false when it is malformed. */
function parseGuid(text: usize, target: usize): bool {
  for (let index: usize = 0; index < 4; index++) {
    if (<u32>load<u8>(text + <usize>load<u8>(DASH_OFFSETS + index)) != DASH) return false;
  }
  for (let wire: usize = 0; wire < GUID_BYTES; wire++) {
    const at = text + <usize>load<u8>(DIGIT_OFFSETS + wire);
    const high = hexValue(load<u8>(at));
    const low = hexValue(load<u8>(at + 1));
    if ((high | low) < 0) return false;
    store<u8>(target + wire, <u8>((high << 4) | low));
  }
  return true;
}

/** Writes the 16 wire bytes at `source` as lowercase GUID text at `target`. */
function formatGuid(source: usize, target: usize): void {
  for (let index: usize = 0; index < 4; index++) store<u8>(target + <usize>load<u8>(DASH_OFFSETS + index), <u8>DASH);
  for (let wire: usize = 0; wire < GUID_BYTES; wire++) {
    const value = <u32>load<u8>(source + wire);
    const at = target + <usize>load<u8>(DIGIT_OFFSETS + wire);
    store<u8>(at, hexDigit(value >> 4));
    store<u8>(at + 1, hexDigit(value & 0xf));
  }
}

/**
 * Writes header and data at `target`: the GUIDs come as text at `guids` (RPID then PID, 36
 * characters each), the data as `dataLength` bytes at `data`. Returns 0, or -1 / -2 when the
 * RPID / PID text is malformed.
 */
export function encodeMessage(destination: u32, messageType: u32, guids: usize, data: usize, dataLength: usize, target: usize): i32 {
  if (!parseGuid(guids, target + RPID_OFFSET)) return -1;
  if (!parseGuid(guids + GUID_CHARS, target + PID_OFFSET)) return -2;
  store<u32>(target, destination);
  store<u32>(target + 4, messageType);
  memory.copy(target + MESSAGE_HEADER_BYTES, data, dataLength);
  return 0;
}

/**
 * Reads the header at `source` (`length` bytes available, at least 40) into `target`:
 * Destination u32, MessageType u32, data offset u32 (43 after a UTF-8 BOM, else 40), then the
 * RPID and PID as text. Returns 0, or -1 when the header is incomplete.
 */
export function decodeMessageHeader(source: usize, length: usize, target: usize): i32 {
  if (length < MESSAGE_HEADER_BYTES) return -1;
  store<u32>(target, load<u32>(source));
  store<u32>(target + 4, load<u32>(source + 4));
  const bom =
    length >= MESSAGE_HEADER_BYTES + 3 &&
    load<u8>(source + MESSAGE_HEADER_BYTES) == 0xef &&
    load<u8>(source + MESSAGE_HEADER_BYTES + 1) == 0xbb &&
    load<u8>(source + MESSAGE_HEADER_BYTES + 2) == 0xbf;
  store<u32>(target + 8, <u32>(bom ? MESSAGE_HEADER_BYTES + 3 : MESSAGE_HEADER_BYTES));
  formatGuid(source + RPID_OFFSET, target + 12);
  formatGuid(source + PID_OFFSET, target + 12 + GUID_CHARS);
  return 0;
}
