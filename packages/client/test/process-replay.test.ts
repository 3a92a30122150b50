/**
 * `@psrp/client/process` end to end with a child process that speaks `pwsh -s`'s stdio protocol: the testkit's
 * replay-pwsh, which answers from recorded real Windows server sessions (../shared/fixtures/pypsrp-recordings) and
 * exits like pwsh (0 after a clean session, 4000 after a framing violation). Real pwsh cannot be installed on this
 * machine kind (see psrp-testkit's blocked-peers.json); this proves the process plumbing, not PowerShell interop.
 */
import { fileURLToPath } from 'node:url';
import { REPLAY_PWSH_SCRIPT, recordingPath } from 'psrp-testkit';
import { RunspacePool } from '../src/index.js';
import { connectProcess } from '../src/process.js';
import { runTransportSuite } from './transport.case.js';

function openOverProcess(recording: string): Promise<RunspacePool> {
  return RunspacePool.open(
    connectProcess({ executable: process.execPath, args: [fileURLToPath(REPLAY_PWSH_SCRIPT), recordingPath(recording)] }),
  );
}

runTransportSuite('out-of-proc over a child process (connectProcess)', async (recording) => ({
  pool: await openOverProcess(recording),
  // close() rejects with PsrpTransportError when the process exits non-zero, so reaching here means exit 0.
  expectCleanEnd: () => undefined,
}));
