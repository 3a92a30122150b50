/**
 * Every limit is checked where it is set (issue 12): NaN, Infinity, a negative number, a fraction or a string is
 * refused with PsrpArgumentError (PSRP_ERR_ARGUMENT) before anything starts, and the transport is closed.
 */
import { describe, expect, it } from 'vitest';
import { PsrpArgumentError, RunspacePool, type PsrpTransport, type RunspacePoolOptions } from '../src/index.js';
import { ProcessConnection } from '../src/process.js';

const NOT_LIMITS: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 0.5, 1.5, '10', 2 ** 53];

/** A transport that must never be used, only closed. */
function unusedTransport(): PsrpTransport & { closed: boolean } {
  const transport = {
    maxPayloadBytes: 32768,
    closed: false,
    connect: () => Promise.reject(new Error('connect must not be called')),
    send: () => Promise.reject(new Error('send must not be called')),
    stopPipeline: () => Promise.resolve(),
    closePipeline: () => Promise.resolve(),
    close: async () => {
      transport.closed = true;
    },
    receive: async function* () {},
  };
  return transport;
}

const options: (keyof RunspacePoolOptions)[] = ['maxReceivedObjectBytes', 'maxReceivedDataBytesPerCommand', 'maxReceivedElements', 'maxBufferedBytesPerCommand', 'openTimeoutMs', 'cancelTimeoutMs', 'minRunspaces', 'maxRunspaces'];

describe.each(options)('RunspacePool.open %s', (option) => {
  it.each(NOT_LIMITS.map((value) => [String(value), value]))('refuses %s, and closes the transport', async (_label, value) => {
    const transport = unusedTransport();
    await expect(RunspacePool.open(transport, { [option]: value })).rejects.toThrow(PsrpArgumentError);
    expect(transport.closed).toBe(true);
  });
});

it.each([2 ** 31, 2 ** 40])('RunspacePool.open refuses a timeout of %s ms, beyond what a timer can wait', async (value) => {
  await expect(RunspacePool.open(unusedTransport(), { openTimeoutMs: value })).rejects.toThrow(PsrpArgumentError);
  await expect(RunspacePool.open(unusedTransport(), { cancelTimeoutMs: value })).rejects.toThrow(PsrpArgumentError);
});

it.each([Number.NaN, -1, 1.5, 2 ** 31, '10'].map((value) => [String(value), value]))('ProcessConnection refuses exitGraceMs %s before starting anything', (_label, value) => {
  expect(() => new ProcessConnection({ executable: '/nonexistent/pwsh', exitGraceMs: value as never })).toThrow(PsrpArgumentError);
});
