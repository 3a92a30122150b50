/**
 * The runtime contract of @psrp/client over WSMan (test-support/runtime-matrix/run-matrix.mjs runs it on Node, Deno,
 * Bun, headless Chromium and workerd against dist/): RunspacePool and PowerShell through WSManTransport and the
 * fetch engine, against real Windows servers' recorded answers (the testkit's ReplayServer; from the browser page
 * across origins). The whole stack runs: WS-Management, fragments, CLIXML, the pool and pipeline state machines.
 */
import { PipelineFailedError, RunspacePool, WSManTransport } from '../dist/index.js';
import { assert, createChecks } from '../../../test-support/runtime-matrix/contract-checks.mjs';

function transport(endpoint) {
  // The replay server is plain http on loopback: Basic over http must be allowed explicitly.
  return new WSManTransport({ endpoint, auth: { kind: 'basic', username: 'u', password: 'p' }, allowUnencryptedBasic: true });
}

const same = (actual, expected) => JSON.stringify(actual) === JSON.stringify(expected);

/** @param context.streams, context.failed URLs of ReplayServers playing the recordings run.mjs names */
export async function run({ streams, failed }) {
  const { check, report } = createChecks();

  await check('a pool over WSMan: open, a script with every stream, close', async () => {
    const pool = await RunspacePool.open(transport(streams));
    assert(pool.state === 'Opened' && pool.serverProtocolVersion === '2.3', `state ${pool.state}, protocol ${pool.serverProtocolVersion}`);
    const ps = pool.createPowerShell().addScript("Write-Output 'output stream'");
    const output = await ps.invoke();
    assert(same(output, ['output stream']), `output ${JSON.stringify(output)}`);
    assert(same(ps.streams.error.map((record) => record.message), ['error stream']), 'error stream');
    assert(same(ps.streams.warning.map(String), ['warning stream']), 'warning stream');
    assert(same(ps.streams.verbose.map(String), ['verbose stream']), 'verbose stream');
    assert(same(ps.streams.debug.map(String), ['debug stream']), 'debug stream');
    assert(same(ps.streams.information.map(String), ['information stream']), 'information stream');
    assert(ps.streams.progress[0]?.activity === 'Preparing modules for first use.', 'progress record');
    await pool.close();
    assert(pool.state === 'Closed', `state after close ${pool.state}`);
  });

  await check('a terminating error: PipelineFailedError with its ErrorRecord, after the output before it', async () => {
    const pool = await RunspacePool.open(transport(failed));
    const seen = [];
    let failure;
    try {
      for await (const event of pool.createPowerShell().addScript("'before'; throw 'error'").stream()) if (event.stream === 'output') seen.push(event.value);
    } catch (error) {
      failure = error;
    }
    assert(failure instanceof PipelineFailedError && failure.code === 'PSRP_ERR_PIPELINE_FAILED', `failure ${failure}`);
    assert(failure.errorRecord?.message === 'error', `error record ${failure.errorRecord?.message}`);
    assert(same(seen, ['before']), `output ${JSON.stringify(seen)}`);
    await pool.close();
  });

  return report();
}
