/**
 * Tier 1 golden data: every PSRP fragment in every pypsrp recording (real Windows traffic, read
 * from ../shared; a missing folder fails naming every path looked at) decodes, reassembles and
 * re-encodes to the same bytes, on every path.
 */
import { describe, expect, it } from 'vitest';
import {
  Defragmenter,
  FRAGMENT_HEADER_BYTES,
  Fragmenter,
  MESSAGE_HEADER_BYTES,
  decodeFragments,
  decodeMessage,
  encodeFragment,
  encodeMessage,
} from '../src/index.js';
import type { FragmentEngine } from '../src/index.js';
import { concatBytes as concat, sameByteLists, sameBytes } from './bytes.js';
import { engines } from './engines.js';
import { recordedPayloads } from '../../../test-support/recorded-payloads.js';

const payloads = recordedPayloads();
const BOM = [0xef, 0xbb, 0xbf];

describe.each(await engines())('recordings ($path path, $base64Path base64)', (engine: FragmentEngine) => {
  it('hold PSRP payloads from many files', () => {
    // 487 payloads in the 42 PowerShell recordings; the WinRS ones carry cmd.exe output, not fragments.
    expect(payloads.length).toBeGreaterThan(450);
    expect(new Set(payloads.map((payload) => payload.file)).size).toBeGreaterThanOrEqual(40);
  });

  it('every payload is base64 of whole fragments that re-encode to the same bytes', () => {
    let fragments = 0;
    for (const payload of payloads) {
      const bytes = engine.decodeBase64(payload.base64);
      expect(engine.encodeBase64(bytes)).toBe(payload.base64);
      const decoded = decodeFragments(bytes);
      expect(sameBytes(concat(decoded.map(encodeFragment)), bytes), payload.file).toBe(true);
      fragments += decoded.length;
    }
    expect(fragments).toBeGreaterThanOrEqual(payloads.length);
  });

  it('every object reassembles, re-encodes and re-fragments to the same bytes', () => {
    // One fragment stream per direction and shell: object ids are per pool and per sender.
    const streams = new Map<string, { defragmenter: Defragmenter; inFlight: Map<number, Uint8Array[]> }>();
    const types = new Set<number>();
    let messages = 0;
    for (const payload of payloads) {
      const key = `${payload.file} ${payload.direction} ${payload.shellId}`;
      let stream = streams.get(key);
      if (stream === undefined) streams.set(key, (stream = { defragmenter: new Defragmenter(), inFlight: new Map() }));
      const bytes = engine.decodeBase64(payload.base64);

      // The oracle: group the fragments by object by hand, in arrival order.
      const expected: { objectId: number; fragments: Uint8Array[] }[] = [];
      for (const fragment of decodeFragments(bytes)) {
        const list = [...(stream.inFlight.get(fragment.objectId) ?? []), encodeFragment(fragment)];
        stream.inFlight.set(fragment.objectId, list);
        if (fragment.end) {
          stream.inFlight.delete(fragment.objectId);
          expected.push({ objectId: fragment.objectId, fragments: list });
        }
      }

      const completed = stream.defragmenter.push(bytes);
      expect(completed.length, key).toBe(expected.length);
      completed.forEach((raw, index) => {
        const { objectId, fragments } = expected[index]!;
        expect(sameBytes(raw, concat(fragments.map((fragment) => fragment.subarray(FRAGMENT_HEADER_BYTES)))), key).toBe(true);

        const message = engine.decodeMessage(raw);
        expect(message).toEqual(decodeMessage(raw));
        types.add(message.messageType);
        const hadBom = BOM.every((byte, offset) => raw[MESSAGE_HEADER_BYTES + offset] === byte);
        const data = hadBom ? concat([Uint8Array.from(BOM), message.data]) : message.data;
        expect(sameBytes(engine.encodeMessage({ ...message, data }), raw), key).toBe(true);
        expect(sameBytes(encodeMessage({ ...message, data }), raw), key).toBe(true);

        // Senders fill every fragment but the last, so the first one's size is the size they used.
        const fragmenter = new Fragmenter({ maxFragmentBytes: fragments[0]!.length, firstObjectId: objectId, engine });
        expect(sameByteLists(fragmenter.fragment(raw), fragments), key).toBe(true);
        messages += 1;
      });
    }
    expect(messages).toBeGreaterThan(400);
    // SESSION_CAPABILITY, INIT_RUNSPACEPOOL, RUNSPACEPOOL_STATE, CREATE_PIPELINE, PIPELINE_OUTPUT, PIPELINE_STATE.
    for (const type of [0x00010002, 0x00010004, 0x00021005, 0x00021006, 0x00041004, 0x00041006]) {
      expect(types).toContain(type);
    }
  });
});
