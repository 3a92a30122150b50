/**
 * `@psrp/client/process` end to end with a child process that speaks `pwsh -s`'s stdio protocol: the testkit's
 * replay-pwsh, which answers from recorded real Windows server sessions (../shared/fixtures/pypsrp-recordings) and
 * exits like pwsh (0 after a clean session, 4000 after a framing violation). The recordings are protocol-2.3 Windows
 * servers, which real pwsh here (7.6, protocol 2.4; see psrp-testkit's blocked-peers.json) is not; this proves the
 * process plumbing against them, and test/pwsh-process.test.ts the interop with real PowerShell.
 */
import { fileURLToPath } from 'node:url';
import { REPLAY_PWSH_SCRIPT, recordingPath } from 'psrp-testkit';
import { expect } from 'vitest';
import { OutOfProcTransport, RunspacePool } from '../src/index.js';
import { ProcessConnection } from '../src/process.js';
import { runTransportSuite } from './transport.case.js';

/** What connectProcess does, keeping the connection so that the test can see how the process ended. */
async function openOverProcess(recording: string): Promise<{ pool: RunspacePool; connection: ProcessConnection }> {
  const connection = new ProcessConnection({ executable: process.execPath, args: [fileURLToPath(REPLAY_PWSH_SCRIPT), recordingPath(recording)] });
  return { pool: await RunspacePool.open(new OutOfProcTransport(connection)), connection };
}

runTransportSuite('out-of-proc over a child process (connectProcess)', async (recording) => {
  const { pool, connection } = await openOverProcess(recording);
  return {
    pool,
    // close() succeeds after the CloseAck whatever the exit code (pwsh -s exits 160 at EOF), so the clean end is
    // checked here: replay-pwsh exits 0 after a clean session, 4000 with the broken rule on stderr otherwise.
    expectCleanEnd: async () => expect(await connection.ended()).toEqual({ exitCode: 0, signal: null, stderr: '' }),
  };
});
