/**
 * @module GUIDs in .NET `Guid.ToByteArray()` order, as MS-PSRP 2.2.1 writes RPID and PID:
 * the first three groups little-endian, the last two as written.
 */
import { GUID_BYTES } from './constants.js';
import { InvalidGuidError } from './errors.js';

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For each wire byte, the index in the 32 hex digits of the canonical text. */
const WIRE_TO_TEXT_BYTE = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;

/** Offsets of each text byte's two digits in 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'. */
const TEXT_BYTE_OFFSETS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34] as const;

const HEX_BYTES = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

/** The all-zero GUID that pool messages carry as PID. */
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Writes `guid` into `target` at `offset` in .NET byte order. */
export function writeGuid(guid: string, target: Uint8Array, offset: number): void {
  if (!GUID_PATTERN.test(guid)) throw new InvalidGuidError(guid);
  for (let wire = 0; wire < GUID_BYTES; wire++) {
    const textOffset = TEXT_BYTE_OFFSETS[WIRE_TO_TEXT_BYTE[wire]!]!;
    target[offset + wire] = Number.parseInt(guid.slice(textOffset, textOffset + 2), 16);
  }
}

/** The 16 bytes of `guid` in .NET `Guid.ToByteArray()` order. */
export function guidToBytes(guid: string): Uint8Array {
  const bytes = new Uint8Array(GUID_BYTES);
  writeGuid(guid, bytes, 0);
  return bytes;
}

/** Reads a .NET-ordered GUID at `offset` as lowercase 8-4-4-4-12 text. */
export function bytesToGuid(bytes: Uint8Array, offset = 0): string {
  if (!Number.isInteger(offset) || offset < 0 || offset + GUID_BYTES > bytes.length) {
    throw new InvalidGuidError(`<${bytes.length} bytes at offset ${offset}>`);
  }
  const hex = (wire: number): string => HEX_BYTES[bytes[offset + wire]!]!;
  return (
    hex(3) + hex(2) + hex(1) + hex(0) + '-' +
    hex(5) + hex(4) + '-' +
    hex(7) + hex(6) + '-' +
    hex(8) + hex(9) + '-' +
    hex(10) + hex(11) + hex(12) + hex(13) + hex(14) + hex(15)
  );
}
