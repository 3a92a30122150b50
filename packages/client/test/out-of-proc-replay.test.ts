/**
 * The client end to end over the out-of-proc transport, against the testkit's OutOfProcReplayPeer: a stand-in for
 * `pwsh -s` that enforces PowerShell's out-of-proc framing rules and answers with the messages real protocol-2.3
 * Windows servers sent in ../shared/fixtures/pypsrp-recordings (a missing folder fails with RecordingsMissingError
 * naming the path). It proves framing discipline and data handling, not interop with a real PowerShell (that is
 * test/pwsh-process.test.ts, on pwsh 7.6).
 */
import { PSObject } from '@psrp/clixml';
import { FRAGMENT_HEADER_BYTES, MESSAGE_HEADER_BYTES, decodeBase64 } from '@psrp/fragment';
import { COMMAND_TRANSPORT_ERROR_LINE, OutOfProcReplayPeer, recordingPath, type OutOfProcReplayPeerOptions, type TranscriptLine } from 'psrp-testkit';
import { describe, expect, it, vi } from 'vitest';
import { runTransportSuite } from './transport.case.js';
import {
  OUT_OF_PROC_PAYLOAD_BYTES,
  OutOfProcTransport,
  PipelineStoppedError,
  PsrpAbortedError,
  PsrpConnectionClosedError,
  PsrpTransportError,
  RunspacePool,
  type LineConnection,
} from '../src/index.js';
import { EMPTY_GUID, MessageType, parsePacket, type OutOfProcPacket } from '../src/protocol.js';

const LARGE_SCRIPT_CHARS = 100_000;
const PWSH_PROTOCOL_ERROR = 4000;
/** What `pwsh -s` exits with once its stdin ends, after a clean session. */
const PWSH_EXIT_AT_EOF = 160;

async function openReplay(recording: string, options?: OutOfProcReplayPeerOptions): Promise<{ pool: RunspacePool; peer: OutOfProcReplayPeer }> {
  const peer = await OutOfProcReplayPeer.fromRecording(recordingPath(recording), options);
  return { pool: await RunspacePool.open(new OutOfProcTransport(peer)), peer };
}

/** What pwsh would have made of the session: no rule broken, every request answered, the pool closed, exit 0. */
function expectCleanSession(peer: OutOfProcReplayPeer): void {
  expect(peer.violations).toEqual([]);
  expect(peer.mismatches).toEqual([]);
  expect(peer.sessionClosed).toBe(true);
  expect(peer.exitCode).toBe(0);
}

/** Closes the pool, checks the session ended cleanly, and returns the pipeline ids the client created, in order. */
async function closeCleanly(pool: RunspacePool, peer: OutOfProcReplayPeer): Promise<string[]> {
  await pool.close();
  expectCleanSession(peer);
  return createdPipelines(peer);
}

/** What a client sends for a pipeline that runs to its end: create, its CREATE_PIPELINE, release. */
const RUN_TO_END = ['Command', 'Data', 'Close'];

/** The transcript as packets, each with who sent it. */
function packets(peer: OutOfProcReplayPeer): (OutOfProcPacket & { from: TranscriptLine['from'] })[] {
  return peer.transcript.map(({ from, line }) => ({ ...parsePacket(line), from }));
}

/** The client-sent kinds for one PSGuid, in order (Data lines included). */
function clientKinds(peer: OutOfProcReplayPeer, guid: string): string[] {
  return packets(peer)
    .filter((packet) => packet.from === 'client' && packet.guid === guid)
    .map((packet) => packet.kind);
}

/** The ids of every `<Command>` the client sent, in order: pipelines it ran, and those it created ahead. */
function commandsSent(peer: OutOfProcReplayPeer): string[] {
  return packets(peer)
    .filter((packet) => packet.from === 'client' && packet.kind === 'Command')
    .map((packet) => packet.guid);
}

/** The ids of the pipelines the client ran (sent data for), in order. */
function createdPipelines(peer: OutOfProcReplayPeer): string[] {
  return commandsSent(peer).filter((guid) => clientKinds(peer, guid).includes('Data'));
}

runTransportSuite('out-of-proc (in memory)', async (recording) => {
  const { pool, peer } = await openReplay(recording);
  return { pool, expectCleanEnd: () => expectCleanSession(peer) };
});

describe('out-of-proc framing of the contract scenarios', () => {
  it('opens with one <Data> line holding SESSION_CAPABILITY and INIT_RUNSPACEPOOL, and closes with <Close>', async () => {
    const { pool, peer } = await openReplay('test_psrp_open_runspace.yml');
    await pool.close();
    expectCleanSession(peer);
    expect(clientKinds(peer, EMPTY_GUID)).toEqual(['Data', 'Close']);
    expect(peer.received.map((message) => message.messageType)).toEqual([MessageType.SESSION_CAPABILITY, MessageType.INIT_RUNSPACEPOOL]);
    expect(peer.transcript.at(-1)).toEqual({ from: 'peer', line: `<CloseAck PSGuid='${EMPTY_GUID}' />` });
  });

  it('creates, feeds and releases a pipeline that runs to its end, failed or not: Command, Data, Close', async () => {
    for (const recording of ['test_psrp_stream_output_invocation.yml', 'test_psrp_error_failed.yml']) {
      const { pool, peer } = await openReplay(recording);
      await pool.createPowerShell().addScript('...').invoke().catch(() => undefined);
      const [pid] = await closeCleanly(pool, peer);
      expect(clientKinds(peer, pid!)).toEqual(RUN_TO_END);
    }
  });

  it('sends each input object and the end of input as their own messages', async () => {
    const { pool, peer } = await openReplay('test_psrp_run_protocol_version_2.3.yml');
    await pool.createPowerShell().addScript('...').invoke({ input: ['message 1', 2, ['3', 3]] });
    const [pid] = await closeCleanly(pool, peer);
    expect(peer.inputsReceived(pid!)).toBe(3);
    expect(peer.received.filter((message) => message.guid === pid).map((message) => message.messageType)).toEqual([
      MessageType.CREATE_PIPELINE,
      MessageType.PIPELINE_INPUT,
      MessageType.PIPELINE_INPUT,
      MessageType.PIPELINE_INPUT,
      MessageType.END_OF_PIPELINE_INPUT,
    ]);
  });
});

describe('out-of-proc framing discipline', () => {
  it('sends a CREATE_PIPELINE larger than 32 KiB as several <Data> lines, each acked before the next', async () => {
    const { pool, peer } = await openReplay('test_psrp_no_profile.yml');
    const script = `# ${'x'.repeat(LARGE_SCRIPT_CHARS)}\n$PSVersionTable`;
    await pool.createPowerShell().addScript(script).invoke();
    const [pid] = await closeCleanly(pool, peer);
    const create = peer.received.find((message) => message.guid === pid);
    expect(create?.messageType).toBe(MessageType.CREATE_PIPELINE);
    expect(create!.dataBytes).toBeGreaterThan(LARGE_SCRIPT_CHARS);
    const onPipeline = packets(peer).filter((packet) => packet.guid === pid);
    const dataLines = onPipeline.filter((packet) => packet.from === 'client' && packet.kind === 'Data');
    expect(dataLines.length).toBe(Math.ceil((create!.dataBytes + MESSAGE_HEADER_BYTES) / (OUT_OF_PROC_PAYLOAD_BYTES - FRAGMENT_HEADER_BYTES)));
    let unacked = false;
    for (const packet of onPipeline) {
      if (packet.from === 'client' && packet.kind === 'Data') {
        expect(unacked).toBe(false);
        expect(decodeBase64(packet.base64).length).toBeLessThanOrEqual(OUT_OF_PROC_PAYLOAD_BYTES);
        unacked = true;
      } else if (packet.kind === 'DataAck') unacked = false;
    }
  });

  it('runs several pipelines on one pool, one after another and side by side', async () => {
    const { pool, peer } = await openReplay('test_psrp_with_history.yml');
    const first = pool.createPowerShell().addScript('Write-Output 1; Write-Output 2');
    const second = pool.createPowerShell().addCommand('Get-History');
    const [numbers, history] = await Promise.all([first.invoke(), second.invoke()]);
    expect(numbers).toEqual([1, 2]);
    expect((history[0] as PSObject).toStringValue).toBe('Write-Output 1; Write-Output 2');
    const pids = await closeCleanly(pool, peer);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(clientKinds(peer, pid)).toEqual(RUN_TO_END);
  });

  it("creates the next pipeline ahead: after the open, and with a finished pipeline's <Close>; the pool's close releases it", async () => {
    const peer = await OutOfProcReplayPeer.fromRecording(recordingPath('test_psrp_with_history.yml'));
    const writes: string[] = [];
    const connection: LineConnection = {
      description: peer.description,
      lines: peer.lines,
      writeLine: (text) => {
        writes.push(text);
        return peer.writeLine(text);
      },
      ended: () => peer.ended(),
      close: () => peer.close(),
    };
    const pool = await RunspacePool.open(new OutOfProcTransport(connection));
    // The first call's pipeline was created on the peer as the pool opened, before anyone asked for it.
    const [first] = commandsSent(peer);
    expect(writes.at(-1)).toBe(`<Command PSGuid='${first}' />`);
    await pool.createPowerShell().addScript('Write-Output 1; Write-Output 2').invoke();
    const [, second] = commandsSent(peer);
    const writtenBeforeSecondCall = writes.length;
    expect(writes.some((text) => text.includes(`<Command PSGuid='${second}' />`))).toBe(true);
    await pool.createPowerShell().addCommand('Get-History').invoke();
    // The second call wrote its data and no <Command>: its pipeline had been created when the first one ended.
    const secondCallLines = writes.slice(writtenBeforeSecondCall).flatMap((text) => text.split('\n')).map((line) => parsePacket(line));
    expect(secondCallLines.find((packet) => packet.guid === second)?.kind).toBe('Data');
    const [, , third] = commandsSent(peer);
    expect(await closeCleanly(pool, peer)).toEqual([first, second]);
    expect(clientKinds(peer, first!)).toEqual(RUN_TO_END);
    expect(clientKinds(peer, second!)).toEqual(RUN_TO_END);
    // Created ahead and never used: released, before the pool's own <Close> was answered.
    expect(clientKinds(peer, third!)).toEqual(['Command', 'Close']);
    const closes = packets(peer).filter((packet) => packet.kind === 'CloseAck').map((packet) => packet.guid);
    expect(closes.slice(-2)).toEqual([third, EMPTY_GUID]);
  });

  it('a pipeline whose CREATE_PIPELINE cannot be encoded is closed on the peer (its <Command> went ahead) and the pool goes on', async () => {
    const { pool, peer } = await openReplay('test_psrp_with_history.yml');
    const tooLarge = 2n ** 64n;
    await expect(pool.createPowerShell().addCommand('Write-Output').addArgument(tooLarge).invoke()).rejects.toThrow(/Int64|range/i);
    const [failed] = commandsSent(peer);
    await vi.waitFor(() => expect(clientKinds(peer, failed!)).toEqual(['Command', 'Close']));
    expect(await pool.createPowerShell().addScript('Write-Output 1; Write-Output 2').invoke()).toEqual([1, 2]);
    const pids = await closeCleanly(pool, peer);
    expect(pids).toHaveLength(1);
    expect(clientKinds(peer, pids[0]!)).toEqual(RUN_TO_END);
  });

  it('breaking out of stream() early sends <Signal>, waits for SignalAck, then <Close> for that pipeline', async () => {
    const { pool, peer } = await openReplay('test_psrp_stream_output_invocation.yml', { holdPipelineEnd: true });
    const seen: string[] = [];
    for await (const event of pool.createPowerShell().addScript('...').stream()) {
      seen.push(event.stream);
      break;
    }
    expect(seen).toEqual(['progress']);
    const [pid] = createdPipelines(peer);
    expect(clientKinds(peer, pid!)).toEqual(['Command', 'Data', 'Signal', 'Close']);
    const kinds = packets(peer)
      .filter((packet) => packet.guid === pid && packet.kind !== 'Data' && packet.kind !== 'DataAck')
      .map((packet) => packet.kind);
    expect(kinds).toEqual(['Command', 'CommandAck', 'Signal', 'SignalAck', 'Close', 'CloseAck']);
    await pool.close();
    expectCleanSession(peer);
  });

  it('an aborted stream() rejects at once with PsrpAbortedError, then the pipeline is stopped and closed', async () => {
    const { pool, peer } = await openReplay('test_psrp_stream_output_invocation.yml', { holdPipelineEnd: true });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const event of pool.createPowerShell().addScript('...').stream({ signal: controller.signal })) {
        seen.push(event.stream);
        if (seen.length === 2) controller.abort(new Error('user cancelled'));
      }
    };
    const failure = await run().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpAbortedError);
    expect((failure as PsrpAbortedError).cause).toEqual(new Error('user cancelled'));
    expect(seen).toEqual(['progress', 'debug']);
    await pool.close();
    const [pid] = createdPipelines(peer);
    expect(clientKinds(peer, pid!)).toEqual(['Command', 'Data', 'Signal', 'Close']);
    expectCleanSession(peer);
  });

  it.each([
    ['<Command>', '<Command', ['Command', 'Signal', 'Close']],
    ['CREATE_PIPELINE', '<Data', ['Command', 'Data', 'Signal', 'Close']],
  ])('an abort while a slow server handles its %s: the Signal waits for the ack, and nothing unwritten follows', async (_, slowLine, expected) => {
    // pwsh handles each line on a thread of its own: a Signal handled with the CREATE_PIPELINE breaks the session.
    const peer = await OutOfProcReplayPeer.fromRecording(recordingPath('test_psrp_stream_output_invocation.yml'), {
      holdPipelineEnd: true,
      handlingDelayMs: (line) => (line.startsWith(slowLine) && !line.includes(EMPTY_GUID) ? 300 : 0),
    });
    const pool = await RunspacePool.open(new OutOfProcTransport(peer));
    const failure = await pool.createPowerShell().addScript('...').invoke({ signal: AbortSignal.timeout(50) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpAbortedError);
    await pool.close();
    const pid = commandsSent(peer).find((guid) => clientKinds(peer, guid).includes('Signal'));
    expect(clientKinds(peer, pid!)).toEqual(expected);
    expectCleanSession(peer);
  });

  it.each(['before-signal-ack', 'after-close-ack'] as const)(
    'pwsh reporting a stop that raced the pipeline start (a command transport error, %s): the abort ends the invocation, the session goes on',
    async (when) => {
      const { pool, peer } = await openReplay('test_psrp_stream_output_invocation.yml', { holdPipelineEnd: true, reportStopRace: when });
      const failure = await pool.createPowerShell().addScript('...').invoke({ signal: AbortSignal.timeout(50) }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PsrpAbortedError);
      // The pool's Close goes out after the report was written: a session ended by it would fail this close.
      await pool.close();
      expect(peer.transcript.filter(({ line }) => line === COMMAND_TRANSPORT_ERROR_LINE)).toHaveLength(1);
      expect(pool.failure).toBeNull();
      expect(pool.state).toBe('Closed');
      expectCleanSession(peer);
    },
  );

  it('a stop asked for while the CREATE_PIPELINE is acked gives the pipeline 50 ms to start before the Signal', async () => {
    const peer = await OutOfProcReplayPeer.fromRecording(recordingPath('test_psrp_stream_output_invocation.yml'), { holdPipelineEnd: true });
    const controller = new AbortController();
    let ackedAt = Number.NaN;
    let signalledAt = Number.NaN;
    const connection: LineConnection = {
      description: peer.description,
      lines: (async function* () {
        for await (const line of peer.lines) {
          if (line.startsWith('<DataAck') && !line.includes(EMPTY_GUID)) ackedAt = performance.now();
          yield line;
        }
      })(),
      writeLine: (line) => {
        if (line.startsWith('<Signal')) signalledAt = performance.now();
        const written = peer.writeLine(line);
        // The stop is asked for as the CREATE_PIPELINE goes out: its Signal waits for the DataAck, then for the start.
        if (line.startsWith('<Data') && !line.includes(EMPTY_GUID)) controller.abort();
        return written;
      },
      ended: () => peer.ended(),
      close: () => peer.close(),
    };
    const pool = await RunspacePool.open(new OutOfProcTransport(connection));
    const failure = await pool.createPowerShell().addScript('...').invoke({ signal: controller.signal }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpAbortedError);
    await pool.close();
    // By the same clock as the transport's, which saw the DataAck after this did.
    expect(signalledAt - ackedAt).toBeGreaterThanOrEqual(50);
    const pid = commandsSent(peer).find((guid) => clientKinds(peer, guid).includes('Signal'));
    expect(clientKinds(peer, pid!)).toEqual(['Command', 'Data', 'Signal', 'Close']);
    expectCleanSession(peer);
  });

  it('a command transport error while no stop is under way still ends the session', async () => {
    const peer = await OutOfProcReplayPeer.fromRecording(recordingPath('test_psrp_stream_output_invocation.yml'), { holdPipelineEnd: true });
    // The report comes just after the pipeline's CREATE_PIPELINE was acked, with no Signal sent.
    const connection: LineConnection = {
      description: peer.description,
      lines: (async function* () {
        for await (const line of peer.lines) {
          yield line;
          if (line.startsWith('<DataAck') && !line.includes(EMPTY_GUID)) yield COMMAND_TRANSPORT_ERROR_LINE;
        }
      })(),
      writeLine: (line) => peer.writeLine(line),
      ended: () => peer.ended(),
      close: () => peer.close(),
    };
    const pool = await RunspacePool.open(new OutOfProcTransport(connection));
    const failure = await pool.createPowerShell().addScript('...').invoke().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as Error).message).toBe('The PowerShell server failed and ended the session: Remote transport error:');
    expect(pool.state).toBe('Broken');
    await pool.close();
  });

  it('refuses to start with a signal that is already aborted', async () => {
    const { pool, peer } = await openReplay('test_psrp_stream_output_invocation.yml');
    const failure = await pool.createPowerShell().addScript('...').invoke({ signal: AbortSignal.abort() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpAbortedError);
    expect(createdPipelines(peer)).toEqual([]);
    await closeCleanly(pool, peer);
  });

  it('closing the pool with a pipeline still running closes the pipeline first and ends its stream', async () => {
    const { pool, peer } = await openReplay('test_psrp_stream_output_invocation.yml', { holdPipelineEnd: true });
    const events = pool.createPowerShell().addScript('...').stream();
    expect((await events.next()).value).toMatchObject({ stream: 'progress' });
    const [pid] = await closeCleanly(pool, peer);
    const closes = packets(peer).filter((packet) => packet.kind === 'Close' || packet.kind === 'CloseAck');
    expect(closes.map((packet) => `${packet.kind} ${packet.guid === pid ? 'pipeline' : 'pool'}`)).toEqual([
      'Close pipeline',
      'CloseAck pipeline',
      'Close pool',
      'CloseAck pool',
    ]);
    // Records the pool had delivered are still read (which ones depends on how far its read loop got); then the
    // stream ends, since nothing more can arrive for a released pipeline.
    const rest: string[] = [];
    const ending = (async () => {
      for (let next = await events.next(); !next.done; next = await events.next()) rest.push(next.value.stream);
    })();
    await expect(ending).rejects.toBeInstanceOf(PipelineStoppedError);
    expect(['debug', 'verbose', 'error', 'output', 'warning', 'information'].slice(0, rest.length)).toEqual(rest);
  });

  it('a peer that exits with 4000 while the pool is open breaks it with PsrpConnectionClosedError naming the exit code', async () => {
    const { pool, peer } = await openReplay('test_psrp_open_runspace.yml');
    // Something else on the pipe breaks a rule (a client never acks server data): pwsh -s exits 4000.
    await peer.writeLine(`<DataAck PSGuid='${EMPTY_GUID}' />`);
    expect((await peer.ended()).exitCode).toBe(PWSH_PROTOCOL_ERROR);
    // The connection ended while the pool was open: the pool is Broken and says why.
    await vi.waitFor(() => expect(pool.state).toBe('Broken'));
    const failure = pool.failure;
    expect(failure).toBeInstanceOf(PsrpConnectionClosedError);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as PsrpConnectionClosedError).code).toBe('PSRP_ERR_CONNECTION_CLOSED');
    expect((failure as PsrpConnectionClosedError).message).toMatch(/exit code 4000/);
    expect((failure as PsrpConnectionClosedError).detail.exitCode).toBe(PWSH_PROTOCOL_ERROR);
    // Everything waiting on the pool gets that failure; close() after it is not a second one.
    await expect(pool.createPowerShell().addScript('1').invoke()).rejects.toBe(failure);
    await pool.close();
    expect(peer.exitCode).toBe(PWSH_PROTOCOL_ERROR);
    expect(peer.violations.map((violation) => violation.rule)).toEqual(['client-sent-ack']);
  });

  it('a write that fails because the peer left reports what the peer said last, not the failed write', async () => {
    let release!: () => void;
    const lastWords = new Promise<void>((resolve) => (release = resolve));
    const connection: LineConnection = {
      description: 'a peer that leaves',
      lines: (async function* () {
        await lastWords;
        yield '__NamedPipeError__:The session was refused';
      })(),
      writeLine: async () => {
        // The reason arrives just after the write failed, as it can over SSH.
        setTimeout(release, 20);
        throw new PsrpConnectionClosedError('The peer is no longer accepting input');
      },
      ended: async () => ({ exitCode: 1, stderr: '' }),
      close: async () => ({ exitCode: 1, stderr: '' }),
    };
    const error = await RunspacePool.open(new OutOfProcTransport(connection)).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).message).toBe('The PowerShell server failed and ended the session: The session was refused');
  });

  it('a peer that exits after the CloseAck is a clean close whatever its exit code (pwsh -s exits 160 at EOF)', async () => {
    const peer = await OutOfProcReplayPeer.fromRecording(recordingPath('test_psrp_open_runspace.yml'));
    // pwsh exits 160 once its stdin ends; the replay peer exits 0: report 160 as pwsh would.
    const connection: LineConnection = {
      description: peer.description,
      lines: peer.lines,
      writeLine: (line) => peer.writeLine(line),
      ended: async () => ({ ...(await peer.ended()), exitCode: PWSH_EXIT_AT_EOF }),
      close: async () => ({ ...(await peer.close()), exitCode: PWSH_EXIT_AT_EOF }),
    };
    const pool = await RunspacePool.open(new OutOfProcTransport(connection));
    await pool.close();
    expect(pool.state).toBe('Closed');
    expect(pool.failure).toBeNull();
    expectCleanSession(peer);
  });
});
