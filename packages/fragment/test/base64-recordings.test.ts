/**
 * Tier 1 golden data for the receive path in one step: the base64 text of every PSRP payload in the
 * pypsrp recordings (real Windows traffic, read from ../shared; a missing folder fails naming every
 * path looked at), fed as it was recorded to one Base64Defragmenter per stream, gives exactly the
 * messages that decoding it and pushing the bytes to a Defragmenter gives, on every engine.
 */
import { describe, expect, it } from 'vitest';
import { Base64Defragmenter, Defragmenter, tsEngine } from '../src/index.js';
import type { FragmentEngine } from '../src/index.js';
import { sameByteLists } from './bytes.js';
import { engines } from './engines.js';
import { recordedPayloads } from '../../../test-support/recorded-payloads.js';

const payloads = recordedPayloads();

describe.each(await engines())('recordings as base64 texts ($path path, $base64Path base64)', (engine: FragmentEngine) => {
  it('every stream gives the same messages as decode-then-push', () => {
    const streams = new Map<string, { texts: Base64Defragmenter; bytes: Defragmenter }>();
    let messages = 0;
    let multiFragment = 0;
    for (const payload of payloads) {
      const key = `${payload.file} ${payload.direction} ${payload.shellId}`;
      let stream = streams.get(key);
      if (stream === undefined) streams.set(key, (stream = { texts: new Base64Defragmenter({ engine }), bytes: new Defragmenter() }));
      const expected = stream.bytes.push(tsEngine.decodeBase64(payload.base64));
      const actual = stream.texts.push(payload.base64);
      expect(sameByteLists(actual, expected), key).toBe(true);
      messages += actual.length;
      multiFragment += expected.length === 0 ? 1 : 0;
    }
    for (const stream of streams.values()) expect(stream.texts.idle).toBe(stream.bytes.idle);
    expect(messages).toBeGreaterThan(400);
    expect(multiFragment).toBeGreaterThan(0);
  });
});
