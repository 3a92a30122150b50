import { describe, expect, it } from 'vitest';
import { Defragmenter, bytesToGuid, decodeMessage, encodeFragment, encodeMessage, guidToBytes } from '@psrp/fragment';
import { GuidMap } from './guid-map.js';

const RECORDED = '76056a84-51dc-4f24-9262-ca2a55464b2b';
const LIVE = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const RECORDED_PID = '11111111-2222-3333-4444-555555555555';
const LIVE_PID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** RFC 4122 (big-endian) bytes of a GUID: the order older pypsrp clients wrote. */
function rfcBytes(guid: string): Uint8Array {
  return Uint8Array.from(guid.replace(/-/g, '').match(/../g)!.map((pair) => Number.parseInt(pair, 16)));
}

/** One whole-message fragment whose header carries these RPID/PID wire bytes. */
function fragmentWith(rpid: Uint8Array, pid: Uint8Array): Uint8Array {
  const message = encodeMessage({ destination: 1, messageType: 0x00021005, rpid: RECORDED, pid: RECORDED_PID, data: new TextEncoder().encode('<Obj/>') });
  message.set(rpid, 8);
  message.set(pid, 24);
  return encodeFragment({ objectId: 1, fragmentId: 0, start: true, end: true, blob: message });
}

function headerOf(fragment: Uint8Array): { rpid: string; pid: string } {
  const [message] = new Defragmenter().push(fragment);
  const { rpid, pid } = decodeMessage(message!);
  return { rpid, pid };
}

describe('GuidMap text', () => {
  it('rewrites learned GUIDs in any case, keeping the case of each occurrence', () => {
    const guids = new GuidMap();
    guids.learnText(RECORDED.toUpperCase(), LIVE);
    const text = `<rsp:ShellId>${RECORDED.toUpperCase()}</rsp:ShellId><x>${RECORDED}</x><y>00000000-0000-0000-0000-000000000000</y>`;
    expect(guids.rewriteText(text)).toBe(`<rsp:ShellId>${LIVE.toUpperCase()}</rsp:ShellId><x>${LIVE}</x><y>00000000-0000-0000-0000-000000000000</y>`);
  });

  it('never lets an id derived from PSRP bytes replace one a request named directly', () => {
    const guids = new GuidMap();
    guids.learnText(RECORDED, LIVE);
    guids.learnText(RECORDED, LIVE_PID, true);
    expect(guids.liveText(RECORDED)).toBe(LIVE);
    guids.learnText(RECORDED, LIVE_PID);
    expect(guids.liveText(RECORDED)).toBe(LIVE_PID);
  });

  it('ignores the empty GUID and non-GUID text', () => {
    const guids = new GuidMap();
    guids.learnText('00000000-0000-0000-0000-000000000000', LIVE);
    guids.learnText('not-a-guid', LIVE);
    expect(guids.size).toBe(0);
  });
});

describe('GuidMap fragments', () => {
  it.each([
    ['.NET order (newer recordings)', guidToBytes(RECORDED), guidToBytes(RECORDED_PID)],
    ['RFC 4122 order (older recordings)', rfcBytes(RECORDED), rfcBytes(RECORDED_PID)],
  ])('maps recorded RPID/PID bytes in %s to the live client .NET bytes', (_order, recordedRpid, recordedPid) => {
    const guids = new GuidMap();
    guids.learnBytes(recordedRpid, guidToBytes(LIVE));
    guids.learnBytes(recordedPid, guidToBytes(LIVE_PID));
    const fragment = fragmentWith(recordedRpid, recordedPid);
    guids.rewriteFragments(fragment);
    expect(headerOf(fragment)).toEqual({ rpid: LIVE, pid: LIVE_PID });
  });

  it('learns both text readings of recorded bytes', () => {
    const guids = new GuidMap();
    guids.learnBytes(rfcBytes(RECORDED), guidToBytes(LIVE));
    expect(guids.liveText(RECORDED)).toBe(LIVE);
    expect(guids.liveText(bytesToGuid(rfcBytes(RECORDED)))).toBe(LIVE);
  });

  it('leaves unknown ids, the empty RPID and continuation fragments alone', () => {
    const guids = new GuidMap();
    guids.learnBytes(guidToBytes(RECORDED), guidToBytes(LIVE));
    const zero = new Uint8Array(16);
    const fragment = fragmentWith(zero, guidToBytes(RECORDED_PID));
    guids.rewriteFragments(fragment);
    expect(headerOf(fragment)).toEqual({ rpid: '00000000-0000-0000-0000-000000000000', pid: RECORDED_PID });
    const continuation = encodeFragment({ objectId: 2, fragmentId: 1, start: false, end: true, blob: fragmentWith(guidToBytes(RECORDED), zero).subarray(21) });
    const before = continuation.slice();
    guids.rewriteFragments(continuation);
    expect(continuation).toEqual(before);
  });
});
