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

/**
 * The few GUIDs a session uses (its RPID, the PIDs of the pipelines it runs) recur in every message header, so the
 * last ones converted are kept, in both directions: a header is then a copy and a comparison, not a parse.
 */
const RECENT_GUIDS = 4;
const recentTexts: string[] = [];
const recentBytes: Uint8Array[] = [];
/** Whether the remembered text is as bytesToGuid writes it (writeGuid may have been given upper case). */
const recentIsCanonical: boolean[] = [];
let nextRecentSlot = 0;

function remember(text: string, bytes: Uint8Array): void {
  recentTexts[nextRecentSlot] = text;
  recentBytes[nextRecentSlot] = bytes;
  recentIsCanonical[nextRecentSlot] = text === text.toLowerCase();
  nextRecentSlot = (nextRecentSlot + 1) % RECENT_GUIDS;
}

function hexDigit(code: number, guid: string): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57;
  throw new InvalidGuidError(guid);
}

function parseGuid(guid: string): Uint8Array {
  if (!GUID_PATTERN.test(guid)) throw new InvalidGuidError(guid);
  const bytes = new Uint8Array(GUID_BYTES);
  for (let wire = 0; wire < GUID_BYTES; wire++) {
    const textOffset = TEXT_BYTE_OFFSETS[WIRE_TO_TEXT_BYTE[wire]!]!;
    bytes[wire] = (hexDigit(guid.charCodeAt(textOffset), guid) << 4) | hexDigit(guid.charCodeAt(textOffset + 1), guid);
  }
  return bytes;
}

/** Writes `guid` into `target` at `offset` in .NET byte order. */
export function writeGuid(guid: string, target: Uint8Array, offset: number): void {
  const slot = recentTexts.indexOf(guid);
  if (slot >= 0) {
    target.set(recentBytes[slot]!, offset);
    return;
  }
  const bytes = parseGuid(guid);
  remember(guid, bytes);
  target.set(bytes, offset);
}

/** The 16 bytes of `guid` in .NET `Guid.ToByteArray()` order. */
export function guidToBytes(guid: string): Uint8Array {
  const bytes = new Uint8Array(GUID_BYTES);
  writeGuid(guid, bytes, 0);
  return bytes;
}

function matchesAt(known: Uint8Array, bytes: Uint8Array, offset: number): boolean {
  for (let index = 0; index < GUID_BYTES; index++) if (known[index] !== bytes[offset + index]) return false;
  return true;
}

/** Reads a .NET-ordered GUID at `offset` as lowercase 8-4-4-4-12 text. */
export function bytesToGuid(bytes: Uint8Array, offset = 0): string {
  if (!Number.isInteger(offset) || offset < 0 || offset + GUID_BYTES > bytes.length) {
    throw new InvalidGuidError(`<${bytes.length} bytes at offset ${offset}>`);
  }
  for (let slot = 0; slot < recentBytes.length; slot++) {
    if (recentIsCanonical[slot] && matchesAt(recentBytes[slot]!, bytes, offset)) return recentTexts[slot]!;
  }
  const hex = (wire: number): string => HEX_BYTES[bytes[offset + wire]!]!;
  const text =
    hex(3) + hex(2) + hex(1) + hex(0) + '-' +
    hex(5) + hex(4) + '-' +
    hex(7) + hex(6) + '-' +
    hex(8) + hex(9) + '-' +
    hex(10) + hex(11) + hex(12) + hex(13) + hex(14) + hex(15);
  remember(text, bytes.slice(offset, offset + GUID_BYTES));
  return text;
}
