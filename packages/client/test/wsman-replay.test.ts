/**
 * The client end to end over WSMan against real Windows servers' recorded answers (../shared/fixtures/
 * pypsrp-recordings, replayed by the testkit's ReplayServer, which matches requests by meaning and rewrites ids).
 */
import { ReplayServer, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { WSManFaultError } from '@psrp/wsman';
import { PsrpTransportError, RunspacePool, WSManTransport } from '../src/index.js';
import { runTransportSuite } from './transport.case.js';

let server: ReplayServer | null = null;

async function openReplay(recording: string): Promise<RunspacePool> {
  server = await ReplayServer.start(recordingPath(recording));
  // The replay server is plain http on loopback: Basic over http must be allowed explicitly.
  return RunspacePool.open(
    new WSManTransport({ endpoint: server.url, auth: { kind: 'basic', username: 'u', password: 'p' }, allowUnencryptedBasic: true }),
  );
}

afterEach(async () => {
  await server?.close();
  server = null;
});

function expectReplayedWholly(): void {
  expect(server!.mismatches).toEqual([]);
  expect(server!.remaining).toBe(0);
}

runTransportSuite('WSMan', async (recording) => ({
  pool: await openReplay(recording),
  expectCleanEnd: expectReplayedWholly,
}));

describe('WSMan transport specifics', () => {
  it('fails the invocation, not hangs, when the server refuses the Command', async () => {
    // This recording has no Command: the replay server answers it with a SOAP fault.
    const pool = await openReplay('test_psrp_open_runspace.yml');
    const failure = await pool.createPowerShell().addCommand('Get-Date').invoke().catch((error: unknown) => error);
    // A WSMan error leaves the client wrapped (errors.ts): a transport error whose cause is the server's fault.
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as PsrpTransportError).code).toBe('PSRP_ERR_TRANSPORT');
    expect((failure as PsrpTransportError).cause).toBeInstanceOf(WSManFaultError);
    expect((failure as PsrpTransportError).message).toMatch(/ReplayMismatch/);
    expect(server!.mismatches).toHaveLength(1);
    expect(server!.mismatches[0]).toMatch(/Command/);
  });
});
