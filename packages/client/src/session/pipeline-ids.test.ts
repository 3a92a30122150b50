import { describe, expect, it } from 'vitest';
import type { PsrpTransport } from '../transport/transport.js';
import { PipelineIds } from './pipeline-ids.js';

/** A transport that records what PipelineIds asks of it; `prepares` false: one with no step of its own to create pipelines. */
function recordingTransport(prepares: boolean): { transport: PsrpTransport; calls: string[] } {
  const calls: string[] = [];
  const transport: PsrpTransport = {
    maxPayloadBytes: 32_768,
    connect: async () => undefined,
    send: async () => undefined,
    stopPipeline: async () => undefined,
    closePipeline: async (pid) => void calls.push(`close ${pid}`),
    close: async () => undefined,
    receive: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ value: undefined, done: true as const }) }) }),
    ...(prepares ? { preparePipeline: (pid: string) => void calls.push(`prepare ${pid}`) } : {}),
  };
  return { transport, calls };
}

function counter(): () => string {
  let next = 0;
  return () => `id-${++next}`;
}

describe('PipelineIds', () => {
  it('gives a new id and has the transport prepare it when none was created ahead', () => {
    const { transport, calls } = recordingTransport(true);
    const ids = new PipelineIds(transport, counter());
    expect(ids.take()).toBe('id-1');
    expect(calls).toEqual(['prepare id-1']);
  });

  it('creates one pipeline ahead, hands it to the next call without preparing it again, then creates none until asked', () => {
    const { transport, calls } = recordingTransport(true);
    const ids = new PipelineIds(transport, counter());
    ids.createAhead();
    ids.createAhead();
    expect(calls).toEqual(['prepare id-1']);
    expect(ids.take()).toBe('id-1');
    expect(ids.take()).toBe('id-2');
    expect(calls).toEqual(['prepare id-1', 'prepare id-2']);
  });

  it('releases the pipeline created ahead (the pool is closing), and nothing when there is none', async () => {
    const { transport, calls } = recordingTransport(true);
    const ids = new PipelineIds(transport, counter());
    await ids.releaseAhead(undefined);
    ids.createAhead();
    await ids.releaseAhead(undefined);
    await ids.releaseAhead(undefined);
    expect(calls).toEqual(['prepare id-1', 'close id-1']);
    expect(ids.take()).toBe('id-2');
  });

  it('creates nothing ahead over a transport that creates pipelines with their first data (WSMan)', async () => {
    const { transport, calls } = recordingTransport(false);
    const ids = new PipelineIds(transport, counter());
    ids.createAhead();
    await ids.releaseAhead(undefined);
    expect(ids.take()).toBe('id-1');
    expect(calls).toEqual([]);
  });
});
