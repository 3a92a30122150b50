/**
 * The client end to end over WSMan against real Windows servers' recorded answers (../shared/fixtures/
 * pypsrp-recordings, replayed by the testkit's ReplayServer, which matches requests by meaning and rewrites ids).
 */
import { readFileSync } from 'node:fs';
import { ReplayServer, parseRecording, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { WSManFaultError } from '@psrp/wsman';
import { PsrpTransportError, RunspacePool, WSManTransport, type RunspacePoolOptions } from '../src/index.js';
import { runTransportSuite } from './transport.case.js';

let server: ReplayServer | null = null;

async function openReplay(recording: string, options?: RunspacePoolOptions): Promise<RunspacePool> {
  server = await ReplayServer.start(recordingPath(recording));
  // The replay server is plain http on loopback: Basic over http must be allowed explicitly.
  return RunspacePool.open(
    new WSManTransport({ endpoint: server.url, auth: { kind: 'basic', username: 'u', password: 'p' }, allowUnencryptedBasic: true }),
    options,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** test_psrp_stream_output_invocation with the command's eight streams answered by two Receives, four each. */
function twoReceivesRecording(): string {
  const entries = parseRecording(readFileSync(recordingPath('test_psrp_stream_output_invocation.yml'), 'utf8')).map(({ request, response }) => ({ request, response }));
  const output = entries[4]!.response!;
  const streams = [...output.matchAll(/<rsp:Stream [^>]*>[^<]*<\/rsp:Stream>/g)].map((match) => match[0]);
  const state = /<rsp:CommandState [\s\S]*<\/rsp:CommandState>/.exec(output)![0];
  const without = (parts: string[]) => parts.reduce((rest, part) => rest.replace(part, ''), output);
  return stringify({
    messages: [
      ...entries.slice(0, 4),
      { request: entries[4]!.request, response: without([...streams.slice(4), state]) },
      { request: entries[4]!.request, response: without(streams.slice(0, 4)) },
      entries[5]!,
    ],
  });
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

  it('sends no Receive for a command whose reader fell behind until it reads again, then delivers every record in order', async () => {
    server = await ReplayServer.fromText(twoReceivesRecording());
    // A budget of one byte: any record the reader has not taken holds the command.
    const pool = await RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'none' } }), { maxBufferedBytesPerCommand: 1 });
    const commandReceives = () => server!.received.filter((body) => /shell\/Receive</.test(body) && body.includes('DesiredStream CommandId=')).length;
    const iterator = pool.createPowerShell().addScript('...').stream()[Symbol.asyncIterator]();
    const order: string[] = [];
    order.push((await iterator.next()).value!.stream);
    await sleep(500);
    const held = commandReceives();
    await sleep(500);
    expect(commandReceives()).toBe(held);
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) order.push(step.value.stream);
    expect(order).toEqual(['progress', 'debug', 'verbose', 'error', 'output', 'warning', 'information']);
    // Held after the first Receive; the second went out once the reader had taken what the first brought.
    expect(held).toBe(1);
    expect(commandReceives()).toBe(2);
    await pool.close();
    expectReplayedWholly();
  });
});
