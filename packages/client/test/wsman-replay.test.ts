/**
 * The client end to end over WSMan against real Windows servers' recorded answers (../shared/fixtures/
 * pypsrp-recordings, replayed by the testkit's ReplayServer, which matches requests by meaning and rewrites ids).
 */
import { PSObject } from '@psrp/clixml';
import { ReplayServer, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { WSManFaultError } from '@psrp/wsman';
import { PipelineFailedError, RunspacePool, WSManTransport } from '../src/index.js';

let server: ReplayServer | null = null;

async function openReplay(recording: string): Promise<RunspacePool> {
  server = await ReplayServer.start(recordingPath(recording));
  return RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'basic', username: 'u', password: 'p' } }));
}

afterEach(async () => {
  await server?.close();
  server = null;
});

function expectReplayedWholly(): void {
  expect(server!.mismatches).toEqual([]);
  expect(server!.remaining).toBe(0);
}

describe('WSMan transport against recorded Windows servers', () => {
  it('opens a runspace pool, reads the server capability and private data, and closes', async () => {
    const pool = await openReplay('test_psrp_open_runspace.yml');
    expect(pool.state).toBe('Opened');
    expect(pool.serverProtocolVersion).toBe('2.3');
    const data = pool.applicationPrivateData;
    expect(data).toBeInstanceOf(PSObject);
    const versionTable = (data as PSObject).baseValue;
    expect(versionTable).toBeInstanceOf(Map);
    await pool.close();
    expect(pool.state).toBe('Closed');
    expectReplayedWholly();
  });

  it('streams output, error, warning, verbose, debug, information and progress records', async () => {
    const pool = await openReplay('test_psrp_stream_output_invocation.yml');
    const ps = pool.createPowerShell().addScript("Write-Output 'output stream'");
    const output = await ps.invoke();
    expect(output).toEqual(['output stream']);
    expect(ps.streams.error.map((record) => record.message)).toEqual(['error stream']);
    expect(ps.streams.error[0]!.fullyQualifiedErrorId).toBe('Microsoft.PowerShell.Commands.WriteErrorException');
    expect(ps.streams.error[0]!.categoryInfo.message).toBe('NotSpecified: (:) [Write-Error], WriteErrorException');
    expect(ps.streams.warning.map(String)).toEqual(['warning stream']);
    expect(ps.streams.verbose.map(String)).toEqual(['verbose stream']);
    expect(ps.streams.debug.map(String)).toEqual(['debug stream']);
    expect(ps.streams.information.map(String)).toEqual(['information stream']);
    expect(ps.streams.information[0]!.source).toBe('Write-Information');
    expect(ps.streams.progress[0]!.activity).toBe('Preparing modules for first use.');
    expect(ps.hadErrors).toBe(true);
    await pool.close();
    expectReplayedWholly();
  });

  it('yields records in the order the server wrote them', async () => {
    const pool = await openReplay('test_psrp_stream_output_invocation.yml');
    const order: string[] = [];
    for await (const event of pool.createPowerShell().addScript('...').stream()) order.push(event.stream);
    expect(order).toEqual(['progress', 'debug', 'verbose', 'error', 'output', 'warning', 'information']);
    await pool.close();
    expectReplayedWholly();
  });

  it('reports a failed pipeline with its terminating ErrorRecord after the output before it', async () => {
    const pool = await openReplay('test_psrp_error_failed.yml');
    const seen: unknown[] = [];
    const run = async () => {
      for await (const event of pool.createPowerShell().addScript("'before'; throw 'error'").stream()) {
        if (event.stream === 'output') seen.push(event.value);
      }
    };
    const failure = await run().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PipelineFailedError);
    expect((failure as PipelineFailedError).code).toBe('PSRP_ERR_PIPELINE_FAILED');
    expect((failure as PipelineFailedError).errorRecord?.message).toBe('error');
    expect(seen).toEqual(['before']);
    await pool.close();
    expectReplayedWholly();
  });

  it('sends pipeline input and gets it back deserialized', async () => {
    const pool = await openReplay('test_psrp_run_protocol_version_2.3.yml');
    // The recorded script wrote an error record to its output stream (2>&1) before echoing its input.
    const ps = pool.createPowerShell().addScript('begin { Write-Error error 2>&1 } process { $_ } end {}');
    const output = await ps.invoke({ input: ['message 1', 2, ['3', 3]] });
    expect((output[0] as PSObject).typeNames[0]).toBe('System.Management.Automation.ErrorRecord');
    expect(output[1]).toBe('message 1');
    expect(output[2]).toBe(2);
    const list = output[3] as PSObject;
    expect(list.typeNames[0]).toBe('Deserialized.System.Object[]');
    expect(list.baseValue).toEqual(['3', 3]);
    expect(ps.streams.debug.map(String)).toEqual(['Start Block', 'End Block']);
    await pool.close();
    expectReplayedWholly();
  });

  it('fails the invocation, not hangs, when the server refuses the Command', async () => {
    // This recording has no Command: the replay server answers it with a SOAP fault.
    const pool = await openReplay('test_psrp_open_runspace.yml');
    const failure = await pool.createPowerShell().addCommand('Get-Date').invoke().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(server!.mismatches).toHaveLength(1);
    expect(server!.mismatches[0]).toMatch(/Command/);
  });
});
