import { describe, expect, it } from 'vitest';
import { base64IntoTs, decodeBase64Ts, decodedLength, encodeBase64Ts } from './base64-ts.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { InvalidBase64Error } from './errors.js';
import { findNativeBase64 } from './runtime-native.js';
import { loadWasmEngine } from './load-engine.js';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

// Every codec with the same strict semantics: wasm, the TS path, Buffer (Node runs these tests) and the default.
const wasm = await loadWasmEngine();
const buffer = findNativeBase64('buffer')!;
// Node 20 has no Uint8Array.fromBase64; the runtime tests (test:runtimes) cover it under Deno and Bun.
const tc39 = findNativeBase64('uint8array');
const codecs = [
  { name: 'wasm', encode: wasm.encodeBase64, decode: wasm.decodeBase64 },
  { name: 'ts', encode: encodeBase64Ts, decode: decodeBase64Ts },
  { name: 'buffer', encode: buffer.encode, decode: buffer.decode },
  ...(tc39 === undefined ? [] : [{ name: 'uint8array', encode: tc39.encode, decode: tc39.decode }]),
  { name: 'default', encode: encodeBase64, decode: decodeBase64 },
];

// RFC 4648 section 10 test vectors.
const vectors: [string, string][] = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

const invalid = [
  'Zg=', // length not a multiple of 4
  'Zg', // no padding
  'Z===', // three pad characters
  '=Zm9', // pad first
  'Zg==Zg==', // pad in the middle
  'Zm9v\n', // whitespace
  'Zm 9v',
  'Zm-v', // base64url alphabet
  'Zm_v',
  'Zm9\u00e9', // Latin-1
  'Zm9\u0163', // UTF-16 unit whose low byte is 'c'
  'Zm9\ud83d', // lone surrogate
  'Zm9!',
];

describe.each(codecs)('base64 ($name)', ({ encode, decode }) => {
  it.each(vectors)('%j <-> %j', (text, encoded) => {
    expect(encode(ascii(text))).toBe(encoded);
    expect(decode(encoded)).toEqual(ascii(text));
  });

  it('round-trips every byte value at every tail length', () => {
    const bytes = Uint8Array.from({ length: 259 }, (_, index) => index & 0xff);
    for (let length = 0; length < bytes.length; length += 1) {
      const slice = bytes.subarray(length);
      expect(decode(encode(slice))).toEqual(slice);
    }
  });

  it('encodes a view at an offset of a larger buffer', () => {
    const outer = ascii('xxfoobarxx');
    expect(encode(outer.subarray(2, 8))).toBe('Zm9vYmFy');
  });

  it.each(invalid)('rejects %j with InvalidBase64Error', (text) => {
    expect(() => decode(text)).toThrow(InvalidBase64Error);
  });

  it('rejects a bad character at every position (each SIMD lane and the scalar tail)', () => {
    const valid = encode(Uint8Array.from({ length: 120 }, (_, index) => index * 37));
    expect(decode(valid).length).toBe(120);
    for (let position = 0; position < valid.length; position++) {
      for (const bad of ['-', '\u0080', '\u00ff', '\u0130', '@', '[', '`', '{', ':']) {
        const text = valid.slice(0, position) + bad + valid.slice(position + 1);
        expect(() => decode(text), `${JSON.stringify(bad)} at ${position}`).toThrow(InvalidBase64Error);
      }
    }
  });

  it('ignores bits below the last byte, as PowerShell does', () => {
    expect(decode('Zh==')).toEqual(ascii('f'));
  });

  it('returns a plain Uint8Array', () => {
    expect(Object.getPrototypeOf(decode('Zm9v'))).toBe(Uint8Array.prototype);
  });
});

// Decoding into memory, where a codec can: screen and decode together judge as decode does, and a
// piece that must not end in padding is rejected when it does.
const intoDecoders = [
  { name: 'ts', decodeInto: base64IntoTs },
  { name: 'buffer', decodeInto: buffer.decodeInto! },
  ...(tc39?.decodeInto === undefined ? [] : [{ name: 'uint8array', decodeInto: tc39.decodeInto }]),
];

describe.each(intoDecoders)('base64 into memory ($name)', ({ decodeInto }) => {
  const into = (text: string, expectedBytes = decodedLength(text)): Uint8Array | false => {
    const target = new Uint8Array(expectedBytes + 4).fill(0xee);
    if (!decodeInto.screen(text) || !decodeInto.decode(text, target, 2, expectedBytes)) return false;
    expect([...target.subarray(0, 2), ...target.subarray(-2)]).toEqual([0xee, 0xee, 0xee, 0xee]);
    return target.slice(2, -2);
  };

  it.each(vectors)('%j <- %j at an offset', (text, encoded) => {
    expect(into(encoded)).toEqual(ascii(text));
  });

  it.each(invalid.filter((text) => decodedLength(text) >= 0))('rejects %j', (text) => {
    expect(into(text)).toBe(false);
  });

  it('rejects padding in a piece that must not end in it', () => {
    expect(into('Zm9vYg==', 6)).toBe(false);
    expect(into('Zm8=', 3)).toBe(false);
    expect(into('Zm9vYmFy', 6)).toEqual(ascii('foobar'));
  });
});
