import { Defragmenter, FRAGMENT_HEADER_BYTES } from '@psrp/fragment';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutboundQueue } from './outbound-queue.js';

const PID = '4218a578-0f18-4b19-82c3-46b433319126';

function bytes(length: number, fill: number): Uint8Array {
  return new Uint8Array(length).fill(fill);
}

describe('OutboundQueue', () => {
  it('packs small messages of one target into one payload', () => {
    const queue = new OutboundQueue(32_768);
    queue.enqueue(bytes(100, 1), null, 'default');
    queue.enqueue(bytes(200, 2), null, 'default');
    const payload = queue.take()!;
    expect(payload.pipelineId).toBeNull();
    expect(payload.data.length).toBe(300 + 2 * FRAGMENT_HEADER_BYTES);
    expect(new Defragmenter().push(payload.data)).toEqual([bytes(100, 1), bytes(200, 2)]);
    expect(queue.take()).toBeNull();
  });

  it('never mixes targets or streams in one payload', () => {
    const queue = new OutboundQueue(32_768);
    queue.enqueue(bytes(10, 1), null, 'default');
    queue.enqueue(bytes(10, 2), PID, 'default');
    queue.enqueue(bytes(10, 3), PID, 'prompt-response');
    const payloads = [queue.take()!, queue.take()!, queue.take()!];
    expect(payloads.map((payload) => [payload.pipelineId, payload.stream])).toEqual([
      [null, 'default'],
      [PID, 'default'],
      [PID, 'prompt-response'],
    ]);
    expect(queue.take()).toBeNull();
  });

  it('sends a pipeline creation alone, and the data queued after it in the next payload', () => {
    const queue = new OutboundQueue(32_768);
    queue.enqueue(bytes(10, 1), PID, 'default', true);
    queue.enqueue(bytes(10, 2), PID, 'default');
    const first = queue.take()!;
    expect(first.createsPipeline).toBe(true);
    expect(new Defragmenter().push(first.data)).toEqual([bytes(10, 1)]);
    expect(queue.take()!.createsPipeline).toBe(false);
  });

  it('keeps every payload within the size and reassembles to the same messages (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 4096 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 12 }),
        (size, lengths) => {
          const queue = new OutboundQueue(size);
          const messages = lengths.map((length, index) => bytes(length, index + 1));
          for (const message of messages) queue.enqueue(message, null, 'default');
          const defragmenter = new Defragmenter();
          const received: Uint8Array[] = [];
          for (let payload = queue.take(); payload; payload = queue.take()) {
            expect(payload.data.length).toBeLessThanOrEqual(size);
            received.push(...defragmenter.push(payload.data));
          }
          // Byte-wise comparison: toEqual on large typed arrays is slow enough to dominate the run.
          expect(received.length).toBe(messages.length);
          received.forEach((message, index) => expect(Buffer.compare(message, messages[index]!)).toBe(0));
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
  });
});
