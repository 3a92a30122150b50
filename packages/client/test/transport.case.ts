/**
 * The transport contract: what every PSRP transport must do with a real server's answers. Each transport's test
 * file runs it with its own way of opening a pool against a recorded Windows server session
 * (../shared/fixtures/pypsrp-recordings), then adds its transport-specific checks.
 */
import { PSObject } from '@psrp/clixml';
import { describe, expect, it } from 'vitest';
import { PipelineFailedError, type RunspacePool } from '../src/index.js';

export interface ReplaySession {
  readonly pool: RunspacePool;
  /** After `pool.close()`: the peer saw nothing unexpected, answered everything and ended cleanly. */
  expectCleanEnd(): void | Promise<void>;
}

export function runTransportSuite(transport: string, open: (recording: string) => Promise<ReplaySession>): void {
  describe(`${transport}: the transport contract against recorded Windows servers`, () => {
    it('opens a pool, reads the server capability and private data, and closes', async () => {
      const { pool, expectCleanEnd } = await open('test_psrp_open_runspace.yml');
      expect(pool.state).toBe('Opened');
      expect(pool.serverProtocolVersion).toBe('2.3');
      expect(pool.applicationPrivateData).toBeInstanceOf(PSObject);
      expect((pool.applicationPrivateData as PSObject).baseValue).toBeInstanceOf(Map);
      await pool.close();
      expect(pool.state).toBe('Closed');
      await expectCleanEnd();
    });

    it('streams output, error, warning, verbose, debug, information and progress records', async () => {
      const { pool, expectCleanEnd } = await open('test_psrp_stream_output_invocation.yml');
      const ps = pool.createPowerShell().addScript("Write-Output 'output stream'");
      expect(await ps.invoke()).toEqual(['output stream']);
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
      await expectCleanEnd();
    });

    it('yields records in the order the server wrote them', async () => {
      const { pool, expectCleanEnd } = await open('test_psrp_stream_output_invocation.yml');
      const order: string[] = [];
      for await (const event of pool.createPowerShell().addScript('...').stream()) order.push(event.stream);
      expect(order).toEqual(['progress', 'debug', 'verbose', 'error', 'output', 'warning', 'information']);
      await pool.close();
      await expectCleanEnd();
    });

    it('reports a failed pipeline with its terminating ErrorRecord after the output before it', async () => {
      const { pool, expectCleanEnd } = await open('test_psrp_error_failed.yml');
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
      await expectCleanEnd();
    });

    it('sends pipeline input and gets it back deserialized', async () => {
      const { pool, expectCleanEnd } = await open('test_psrp_run_protocol_version_2.3.yml');
      // The recorded script wrote an error record to its output stream (2>&1) before echoing its input.
      const ps = pool.createPowerShell().addScript('begin { Write-Error error 2>&1 } process { $_ } end {}');
      const output = await ps.invoke({ input: ['message 1', 2, ['3', 3]] });
      // Presented as PowerShell's deserializer presents it; the server wrote the plain type name.
      expect((output[0] as PSObject).typeNames[0]).toBe('Deserialized.System.Management.Automation.ErrorRecord');
      expect((output[0] as PSObject).originalTypeNames[0]).toBe('System.Management.Automation.ErrorRecord');
      expect(output.slice(1, 3)).toEqual(['message 1', 2]);
      const list = output[3] as PSObject;
      expect(list.typeNames[0]).toBe('Deserialized.System.Object[]');
      expect(list.baseValue).toEqual(['3', 3]);
      expect(ps.streams.debug.map(String)).toEqual(['Start Block', 'End Block']);
      await pool.close();
      await expectCleanEnd();
    });
  });
}
