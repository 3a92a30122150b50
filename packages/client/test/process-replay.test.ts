/**
 * `@psrp/client/process` end to end with a child process that speaks `pwsh -s`'s stdio protocol: the testkit's
 * replay-pwsh, which answers from recorded real Windows server sessions (../shared/fixtures/pypsrp-recordings) and
 * exits like pwsh (0 after a clean session, 4000 after a framing violation). Real pwsh cannot be installed on this
 * machine kind (see psrp-testkit's blocked-peers.json); this proves the process plumbing, not PowerShell interop.
 */
import { fileURLToPath } from 'node:url';
import { PSObject } from '@psrp/clixml';
import { REPLAY_PWSH_SCRIPT, recordingPath } from 'psrp-testkit';
import { describe, expect, it } from 'vitest';
import { PipelineFailedError, RunspacePool } from '../src/index.js';
import { connectProcess } from '../src/process.js';

function openOverProcess(recording: string): Promise<RunspacePool> {
  return RunspacePool.open(
    connectProcess({ executable: process.execPath, args: [fileURLToPath(REPLAY_PWSH_SCRIPT), recordingPath(recording)] }),
  );
}

describe('connectProcess against a pwsh -s stand-in process', () => {
  it('opens, runs a pipeline with every stream, and closes with the process exiting 0', async () => {
    const pool = await openOverProcess('test_psrp_stream_output_invocation.yml');
    expect(pool.serverProtocolVersion).toBe('2.3');
    const ps = pool.createPowerShell().addScript('...');
    expect(await ps.invoke()).toEqual(['output stream']);
    expect(ps.streams.error.map(String)).toEqual(['error stream']);
    expect(ps.streams.information.map(String)).toEqual(['information stream']);
    // close() rejects with PsrpTransportError when the process exits non-zero.
    await pool.close();
  });

  it('sends input and reads it back, then a failed pipeline, on separate pools', async () => {
    const withInput = await openOverProcess('test_psrp_run_protocol_version_2.3.yml');
    const output = await withInput.createPowerShell().addScript('...').invoke({ input: ['message 1', 2, ['3', 3]] });
    expect(output.slice(1, 3)).toEqual(['message 1', 2]);
    expect((output[3] as PSObject).baseValue).toEqual(['3', 3]);
    await withInput.close();

    const failing = await openOverProcess('test_psrp_error_failed.yml');
    await expect(failing.createPowerShell().addScript('...').invoke()).rejects.toThrow(PipelineFailedError);
    await failing.close();
  });
});
