/**
 * Faults on the WSMan path, injected into recorded Windows sessions by the replay server: a connection reset in the
 * middle of a Receive, HTTP 500 without SOAP, a garbage body, a stalled server, an expired shell, a quota and access
 * denied. Each ends in a typed error (PsrpTransportError with the WSMan error as `cause`; PsrpTimeoutError for a
 * bound the client keeps), nothing hangs, output read before the fault is kept, and a Receive answered w:TimedOut
 * is sent again as PowerShell's client does.
 */
import { readFileSync } from 'node:fs';
import { WSManFaultError, WSManHttpError, WSManParseError, WSManTimeoutError, WSManTransportError } from '@psrp/wsman';
import {
  ACCESS_DENIED_FAULT,
  QUOTA_FAULT,
  ReplayServer,
  SHELL_NOT_FOUND_FAULT,
  TIMED_OUT_FAULT,
  parseRecording,
  recordingPath,
  type InjectedReplayFault,
} from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PsrpTransportError, RunspacePool, RunspacePoolBrokenError, WSManTransport, type PipelineEvent } from '../src/index.js';

let server: ReplayServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

interface Entry {
  request: string;
  response: string | null;
}

/**
 * test_psrp_long_running_cmdlet with the command's output split over two Receives: index 4 answers 'hi' (the command
 * still running), index 5 answers the end (PIPELINE_STATE Completed, CommandState Done), index 6 deletes the shell.
 */
function twoPartRecording(): string {
  const long = parseRecording(readFileSync(recordingPath('test_psrp_long_running_cmdlet.yml'), 'utf8')).map(({ request, response }): Entry => ({ request, response }));
  const output = long[6]!.response!;
  const streams = [...output.matchAll(/<rsp:Stream [^>]*>[^<]*<\/rsp:Stream>/g)].map((match) => match[0]);
  const state = /<rsp:CommandState [\s\S]*<\/rsp:CommandState>/.exec(output)![0];
  const list: Entry[] = [
    ...long.slice(0, 4),
    { request: long[6]!.request, response: output.replace(streams[1]!, '').replace(state, '') },
    { request: long[6]!.request, response: output.replace(streams[0]!, '') },
    long[7]!,
  ];
  return stringify({ messages: list });
}

async function openWith(recordingText: string, faults: InjectedReplayFault[], transportOptions: Record<string, unknown> = {}): Promise<RunspacePool> {
  server = await ReplayServer.fromText(recordingText, { faults, hangLimitMs: 10_000 });
  return RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'none' }, ...transportOptions }));
}

/** Runs the long-running pipeline, collecting what it yields and how it ended. */
async function run(pool: RunspacePool): Promise<{ events: PipelineEvent[]; failure: unknown }> {
  const events: PipelineEvent[] = [];
  try {
    for await (const event of pool.createPowerShell().addCommand('Start-Sleep').addParameter('Seconds', 40).stream()) events.push(event);
    return { events, failure: null };
  } catch (failure) {
    return { events, failure };
  }
}

function outputs(events: PipelineEvent[]): unknown[] {
  return events.flatMap((event) => (event.stream === 'output' ? [event.value] : []));
}

async function closeWithin(pool: RunspacePool, ms: number): Promise<void> {
  const started = Date.now();
  await pool.close();
  expect(Date.now() - started).toBeLessThan(ms);
  expect(pool.state).toMatch(/Closed|Broken/);
}

describe('faults in the middle of a pipeline', () => {
  it('a w:TimedOut Receive is sent again and the output arrives (PowerShell retries Receive on w:TimedOut)', async () => {
    const pool = await openWith(twoPartRecording(), [
      { at: 5, kind: 'wsman-fault', fault: TIMED_OUT_FAULT, replayAfter: true },
      { at: 4, kind: 'wsman-fault', fault: TIMED_OUT_FAULT, replayAfter: true },
    ]);
    const { events, failure } = await run(pool);
    expect(failure).toBeNull();
    expect(outputs(events)).toEqual(['hi']);
    expect(server!.faultsPlayed).toHaveLength(2);
    await pool.close();
    expect(server!.mismatches).toEqual([]);
    expect(server!.remaining).toBe(0);
  });

  it.each([
    ['a connection reset before the answer', { kind: 'reset' } as const, WSManTransportError],
    ['a connection reset in the middle of the answer', { kind: 'reset-mid-body' } as const, WSManTransportError],
    ['HTTP 500 with an error page', { kind: 'http-status', status: 500, body: '<html>Internal Server Error</html>' } as const, WSManHttpError],
    ['a garbage body', { kind: 'garbage' } as const, WSManParseError],
    ['an expired shell (w:InvalidSelectors)', { kind: 'wsman-fault', fault: SHELL_NOT_FOUND_FAULT } as const, WSManFaultError],
  ])('%s: typed error, the output before it kept, the pool Broken and closed at once', async (_name, fault, causeClass) => {
    const pool = await openWith(twoPartRecording(), [{ at: 5, ...fault } as InjectedReplayFault]);
    const { events, failure } = await run(pool);
    expect(outputs(events)).toEqual(['hi']);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as PsrpTransportError).code).toBe('PSRP_ERR_TRANSPORT');
    expect((failure as Error).cause).toBeInstanceOf(causeClass);
    expect(pool.state).toBe('Broken');
    expect(pool.failure).toBe(failure);
    await expect(pool.createPowerShell().addScript('1').invoke()).rejects.toBe(failure);
    await closeWithin(pool, 5000);
  });

  it('a stalled Receive ends in a timeout error, not a hang (the request timeout bounds every request)', async () => {
    const pool = await openWith(twoPartRecording(), [{ at: 5, kind: 'stall' }], { requestTimeoutSeconds: 0.5 });
    const started = Date.now();
    const { events, failure } = await run(pool);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outputs(events)).toEqual(['hi']);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as Error).cause).toBeInstanceOf(WSManTimeoutError);
    await closeWithin(pool, 5000);
  });

  it('invoke() of a pipeline whose Receive breaks rejects with the transport error', async () => {
    const pool = await openWith(twoPartRecording(), [{ at: 5, kind: 'reset' }]);
    const failure = await pool.createPowerShell().addScript('x').invoke().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    await closeWithin(pool, 5000);
  });
});

describe('faults while opening', () => {
  it.each([
    ['a quota (w:QuotaLimit, MaxShellsPerUser)', QUOTA_FAULT, 'w:QuotaLimit'],
    ['access denied (w:AccessDenied, no access to the endpoint)', ACCESS_DENIED_FAULT, 'w:AccessDenied'],
  ])('%s refuses the Create: open rejects with the fault as cause', async (_name, fault, subcode) => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'), { faults: [{ at: 0, kind: 'wsman-fault', fault }] });
    const failure = await RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'none' } })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    const cause = (failure as Error).cause as WSManFaultError;
    expect(cause).toBeInstanceOf(WSManFaultError);
    expect(cause).toMatchObject({ subcode, machine: 'replay.example', status: 500 });
    expect((failure as Error).message).toContain(fault.reason);
  });

  it('a w:TimedOut on the pool Receive while opening is sent again', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'), {
      faults: [{ at: 2, kind: 'wsman-fault', fault: TIMED_OUT_FAULT, replayAfter: true }],
    });
    const pool = await RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'none' } }));
    expect(pool.state).toBe('Opened');
    await pool.close();
    expect(server.faultsPlayed).toHaveLength(1);
    expect(server.mismatches).toEqual([]);
  });

  it('a connection reset while opening fails the open with a transport error, within the open timeout', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'), { faults: [{ at: 1, kind: 'reset' }] });
    const failure = await RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'none' } }), { openTimeoutMs: 5000 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as Error).cause).toBeInstanceOf(WSManTransportError);
  });

  it('a server that answers RUNSPACEPOOL_STATE Broken fails the open with RunspacePoolBrokenError', async () => {
    // The recorded Opened (2) answer rewritten to Broken (5).
    const text = readFileSync(recordingPath('test_psrp_open_runspace.yml'), 'utf8');
    const entries = parseRecording(text).map(({ request, response }) => ({ request, response }));
    const stateStream = /<rsp:Stream Name="stdout">([^<]+)<\/rsp:Stream>/.exec(entries[2]!.response!)![1]!;
    const bytes = Buffer.from(stateStream, 'base64');
    const brokenText = bytes.toString('latin1').replace('N="RunspaceState">2<', 'N="RunspaceState">5<');
    entries[2]!.response = entries[2]!.response!.replace(stateStream, Buffer.from(brokenText, 'latin1').toString('base64'));
    server = await ReplayServer.fromText(stringify({ messages: [...entries.slice(0, 3), entries.at(-1)!] }));
    const failure = await RunspacePool.open(new WSManTransport({ endpoint: server.url, auth: { kind: 'none' } })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RunspacePoolBrokenError);
  });
});
