/**
 * An abort while a slow server has not yet acknowledged the pipeline's `<Command>`: the pipeline must never start,
 * and the pool must go on. Shared by the transports that speak out-of-proc framing to real pwsh (SSH, named pipe).
 * Were its CREATE_PIPELINE written after the `<Signal>`, pwsh would start the pipeline the user stopped; and the
 * Signal itself waits for the CommandAck, since pwsh handles each line on a thread of its own.
 */
import { slowPeerLines } from 'psrp-testkit';
import { expect } from 'vitest';
import { OutOfProcTransport, PsrpAbortedError, RunspacePool, type LineConnection } from '../src/index.js';

const COMMAND_ACK_DELAY_MS = 300;
const ABORT_AFTER_MS = 50;

export async function expectAbortBeforeCreationNeverStarts(connection: LineConnection): Promise<void> {
  const slow = slowPeerLines(connection, (line) => (line.startsWith('<CommandAck') ? COMMAND_ACK_DELAY_MS : 0));
  const pool = await RunspacePool.open(new OutOfProcTransport(slow));
  try {
    const script = '$global:started = $true; Start-Sleep -Seconds 30';
    const error = await pool
      .createPowerShell()
      .addScript(script)
      .invoke({ signal: AbortSignal.timeout(ABORT_AFTER_MS) })
      .then(
        () => new Error('expected an abort'),
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(PsrpAbortedError);
    expect(await pool.createPowerShell().addScript('[bool]$global:started').invoke()).toEqual([false]);
  } finally {
    await pool.close();
  }
}
