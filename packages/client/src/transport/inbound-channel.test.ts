import { describe, expect, it } from 'vitest';
import { InboundChannel } from './inbound-channel.js';

describe('InboundChannel weight', () => {
  it('keeps the weight of what waits, and drops it as items are taken', async () => {
    const channel = new InboundChannel<string>((item) => item.length);
    channel.push('abc');
    channel.push('de');
    expect(channel.backlogWeight).toBe(5);
    const reader = channel[Symbol.asyncIterator]();
    await reader.next();
    expect(channel.backlogWeight).toBe(2);
    await reader.next();
    expect(channel.backlogWeight).toBe(0);
  });
});
