import { describe, expect, it } from 'vitest';
import { InboundChannel } from '../transport/inbound-channel.js';
import type { PipelineObserver } from './pipeline-observer.js';
import { ReaderBudget } from './reader-budget.js';

/** An observer whose records wait in a channel the test reads from. */
function observerOf(channel: InboundChannel<number>): PipelineObserver {
  return {
    record: () => undefined,
    end: () => channel.end(),
    get backlog() {
      return channel.backlog;
    },
    drained: () => channel.drained(),
    host: null,
  };
}

const settledYet = async (promise: Promise<void>) => {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
};

describe('ReaderBudget', () => {
  it('holds once the bytes the reader has not taken pass the budget, until it has taken them all', async () => {
    const channel = new InboundChannel<number>();
    const budget = new ReaderBudget(observerOf(channel), 100);
    for (let record = 0; record < 3; record++) {
      budget.arriving(40);
      channel.push(record);
      expect(budget.holdIfOver() === null).toBe(record < 2);
    }
    expect(budget.unreadBytes).toBe(120);
    const reader = channel[Symbol.asyncIterator]();
    await reader.next();
    await reader.next();
    expect(budget.holdIfOver()).toBeNull();
    const hold = new ReaderBudget(observerOf(channel), 100);
    hold.arriving(200);
    const waiting = hold.holdIfOver()!;
    expect(await settledYet(waiting)).toBe(false);
    await reader.next();
    // Everything taken and the reader asks for more: the hold ends and the count starts again.
    void reader.next();
    expect(await settledYet(waiting)).toBe(true);
    expect(hold.unreadBytes).toBe(0);
  });

  it('counts from the moment the reader last had nothing left to take', () => {
    const channel = new InboundChannel<number>();
    const budget = new ReaderBudget(observerOf(channel), 100);
    budget.arriving(90);
    // The reader took everything (backlog 0) before the next arrival: what it took no longer counts.
    budget.arriving(90);
    expect(budget.unreadBytes).toBe(90);
    expect(budget.holdIfOver()).toBeNull();
  });

  it('never holds a pipeline being stopped, and lets a hold go at once', async () => {
    const channel = new InboundChannel<number>();
    const budget = new ReaderBudget(observerOf(channel), 10);
    budget.arriving(100);
    channel.push(1);
    const waiting = budget.holdIfOver()!;
    budget.exempt();
    expect(await settledYet(waiting)).toBe(true);
    budget.arriving(100);
    channel.push(2);
    expect(budget.holdIfOver()).toBeNull();
  });

  it('with no budget (null) never holds', () => {
    const channel = new InboundChannel<number>();
    const budget = new ReaderBudget(observerOf(channel), null);
    budget.arriving(1 << 30);
    channel.push(1);
    expect(budget.holdIfOver()).toBeNull();
  });
});
