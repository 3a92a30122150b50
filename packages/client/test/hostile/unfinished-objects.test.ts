/**
 * A peer that opens object after object and finishes none (issue 12): the per-object limit alone let it keep 16
 * of them, each up to maxReceivedObjectBytes, on every target. The pool's unfinished objects together now stay within
 * maxReceivedObjectBytes; finished messages, however many, count for nothing.
 */
import { Destination, Fragmenter, encodeBase64, encodeMessage } from '@psrp/fragment';
import { describe, expect, it } from 'vitest';
import { PsrpLimitError } from '../../src/index.js';
import { MessageType } from '../../src/protocol.js';
import { LineFuzzPeer } from './line-fuzz-cases.js';

/** The peer's maxReceivedObjectBytes (line-fuzz-cases.ts). */
const LIMIT = 64 * 1024;
const CARRIED = 8 * 1024;

/** A whole first fragment (8 KiB) of object `objectId`, which never gets its next one. */
function unfinishedObject(objectId: number): string {
  const fragment = new Uint8Array(21 + CARRIED);
  const view = new DataView(fragment.buffer);
  view.setBigUint64(0, BigInt(objectId));
  fragment[16] = 0x1;
  view.setUint32(17, CARRIED);
  return encodeBase64(fragment);
}

describe('unfinished objects on one pool', () => {
  it('break the pool once, together, they pass maxReceivedObjectBytes', () => {
    const { machine } = new LineFuzzPeer();
    let accepted = 0;
    expect(() => {
      for (let objectId = 1; objectId <= 1024; objectId++, accepted++) machine.receive(unfinishedObject(objectId), null);
    }).toThrow(PsrpLimitError);
    expect(accepted).toBeLessThanOrEqual(LIMIT / CARRIED);
    expect(accepted).toBeGreaterThan(LIMIT / (CARRIED + 32) - 2);
  });

  it('fail the pipeline they came for, leaving the pool open', () => {
    const peer = new LineFuzzPeer();
    const [pid] = peer.pipelines;
    for (let objectId = 1; objectId <= 1024; objectId++) peer.machine.receive(unfinishedObject(objectId), pid);
    const failed = peer.machine.nextEvent();
    expect(failed).toMatchObject({ type: 'pipeline-failed', pid });
    expect((failed as { error: unknown }).error).toBeInstanceOf(PsrpLimitError);
    expect(peer.machine.pipelineState(pid!)).toBeNull();
    expect(peer.machine.state).toBe(2);
  });

  it('count finished messages for nothing, however many arrive', () => {
    const peer = new LineFuzzPeer();
    const [pid] = peer.pipelines;
    const fragmenter = new Fragmenter({ maxFragmentBytes: 600 });
    const text = `<S>${'x'.repeat(1500)}</S>`;
    const message = encodeMessage({ destination: Destination.Client, messageType: MessageType.PIPELINE_OUTPUT, rpid: '0b5a2a4c-8d4e-4a38-9e0c-5f2b1a7c3d11', pid: pid!, data: new TextEncoder().encode(text) });
    let outputs = 0;
    for (let count = 0; count < 200; count++) {
      for (const fragment of fragmenter.fragment(message)) peer.machine.receive(encodeBase64(fragment), pid);
      for (let event = peer.machine.nextEvent(); event; event = peer.machine.nextEvent()) {
        expect(event.type).toBe('pipeline-output');
        outputs += 1;
      }
    }
    expect(outputs).toBe(200);
  });
});
