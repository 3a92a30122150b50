import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unescapePsAsciiInPlace } from './ps-unescape.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** The module's piece: texts around and across its multiples cut escapes between pieces. */
const PIECE = 32 * 1024;

function hex(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function hexRun(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index++) {
    const digit = hex(bytes[index]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** What the module must do, byte by byte, into a new array. */
function expected(bytes: Uint8Array, first: number): { text: Uint8Array; stoppedAt: number } {
  const out: number[] = Array.from(bytes.subarray(0, first));
  for (let at = first; at < bytes.length; ) {
    const byte = bytes[at] as number;
    if (byte === 0x5f && (bytes[at + 1] === 0x78 || bytes[at + 1] === 0x58)) {
      const code = bytes[at + 6] === 0x5f ? hexRun(bytes, at + 2, 4) : -1;
      if (code >= 0x80) return { text: Uint8Array.from(out), stoppedAt: at };
      if (code >= 0) {
        out.push(code);
        at += 7;
        continue;
      }
      if (bytes[at + 10] === 0x5f && hexRun(bytes, at + 2, 8) >= 0) return { text: Uint8Array.from(out), stoppedAt: at };
    }
    out.push(byte);
    at++;
  }
  return { text: Uint8Array.from(out), stoppedAt: -1 };
}

function check(bytes: Uint8Array): void {
  const first = bytes.indexOf(0x5f);
  const copy = bytes.slice();
  const { text, stoppedAt } = expected(bytes, first < 0 ? bytes.length : first);
  const result = unescapePsAsciiInPlace(copy, first < 0 ? bytes.length : first);
  expect(result).toBeDefined();
  expect(result?.stoppedAt).toBe(stoppedAt);
  expect(decoder.decode(copy.subarray(0, result?.written))).toBe(decoder.decode(text));
  // What follows a stop is untouched.
  if (stoppedAt >= 0) expect(copy.subarray(stoppedAt)).toEqual(bytes.subarray(stoppedAt));
}

const PIECES = ['a', 'xyz', '_', '_x', '_X', '_x000D_', '_x000a_', '_X0041_', '_x005F_', '_x005f_x0041_', '_x00e9_', '_x0080_', '_x12345678_', '_x0001F600_', '_x00zz_', '_x00_', '__x0009_', 'é', '€', '\r\n', '_x000D__x000A_'];

describe('unescapePsAsciiInPlace', () => {
  it('undoes escapes of ASCII characters and leaves the rest as the byte-by-byte reading does', () => {
    for (const text of ['', 'plain', '_', 'a_', '_x', '_x000', '_x0041', '_x0041_', 'a_x0041_b', '_X004A__x004a_', '_x0041__', '_xG041_', 'tail _x00']) {
      check(encoder.encode(text));
    }
  });

  it('stops at an escape of a character beyond ASCII or of 8 digits, leaving it and what follows', () => {
    const bytes = encoder.encode('ab_x000D_cd_x00E9_ef_x0041_');
    const result = unescapePsAsciiInPlace(bytes, 2);
    expect(result).toEqual({ written: 5, stoppedAt: 11 });
    expect(decoder.decode(bytes.subarray(0, 5))).toBe('ab\rcd');
    expect(unescapePsAsciiInPlace(encoder.encode('_x00000041_'), 0)).toEqual({ written: 0, stoppedAt: 0 });
  });

  it('reads an escape cut by a piece boundary whole, wherever the cut falls', () => {
    for (let cut = 1; cut <= 11; cut++) {
      for (const escape of ['_x000D_', '_x00E9_', '_x00000041_', '_x12_', '_']) {
        const head = 'a'.repeat(PIECE - cut);
        check(encoder.encode(`${head}${escape}${'b'.repeat(20)}`));
        check(encoder.encode(`${head}${escape}`));
        check(encoder.encode(`${'c'.repeat(PIECE * 2 - cut)}_x0009_${escape}z`));
      }
    }
  });

  it('agrees with the byte-by-byte reading on random texts of escapes, across pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.nat(PIECE + 40), (pieces, padding) => {
        check(encoder.encode(`${'p'.repeat(padding)}${pieces.join('')}`));
      }),
      { numRuns: 400 },
    );
  });

  it('unescapes 4 MiB of lines with escaped CRLF', () => {
    const line = `${'x'.repeat(78)}_x000D__x000A_`;
    const bytes = encoder.encode(line.repeat(4 * 1024 * 1024 / line.length));
    const result = unescapePsAsciiInPlace(bytes, bytes.indexOf(0x5f));
    expect(result?.stoppedAt).toBe(-1);
    expect(decoder.decode(bytes.subarray(0, result?.written))).toBe(`${'x'.repeat(78)}\r\n`.repeat(4 * 1024 * 1024 / line.length));
  });
});
