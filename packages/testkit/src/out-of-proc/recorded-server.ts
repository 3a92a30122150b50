/**
 * @module out-of-proc/recorded-server
 * What a real Windows server said in one pypsrp recording (../shared/fixtures/pypsrp-recordings), grouped the way
 * the out-of-proc replay peer plays it back: the pool's answer to SESSION_CAPABILITY + INIT_RUNSPACEPOOL, then the
 * messages of each pipeline, in the order the recorded client created its pipelines. Messages are decoded from the
 * base64 `rsp:Stream` text of the responses (by test-support's recorded-message decoder, shared with every package's
 * tests) and kept as the server's own bytes (header, BOM and CLIXML); only their RPID and PID are replaced when
 * played to a live client.
 */
import { Defragmenter, EMPTY_GUID, bytesToGuid, writeMessageHeader } from '@psrp/fragment';
import { RecordedMessageDecoder } from '../../../../test-support/recorded-messages.js';
import { exchangePayloads } from '../../../../test-support/recorded-payloads.js';
import { ReplayRecordingError } from '../replay/errors.js';
import { loadRecording, type RecordedExchange } from '../replay/recording.js';
import { readRequestMeaning } from '../replay/request-meaning.js';
import { MessageType as PeerMessageType } from '@psrp/client/protocol';

/** One whole message the server sent, with the header fields the peer needs to route and readdress it. */
export interface RecordedMessage {
  readonly destination: number;
  readonly messageType: number;
  readonly rpid: string;
  readonly pid: string;
  /** The message as the server wrote it: 40-byte header and data. */
  readonly bytes: Uint8Array;
}

export interface RecordedPipeline {
  /** The pipeline id the recorded client chose. */
  readonly recordedPid: string;
  /** Everything the server sent for it, in order; may be empty (a pipeline stopped before any output). */
  readonly messages: readonly RecordedMessage[];
}

export interface RecordedServer {
  /** Where the messages came from, for reports. */
  readonly source: string;
  /** The pool messages up to and including the first RUNSPACEPOOL_STATE (capability, private data, Opened). */
  readonly opening: readonly RecordedMessage[];
  readonly pipelines: readonly RecordedPipeline[];
}

/** The server-side PSRP messages of every answered response, in the order the server sent them. */
function serverMessages(exchanges: readonly RecordedExchange[], source: string): RecordedMessage[] {
  const decoder = new RecordedMessageDecoder();
  const messages: RecordedMessage[] = [];
  for (const exchange of exchanges) {
    if (exchange.response === null || exchange.fault !== null) continue;
    try {
      for (const payload of exchangePayloads(source, exchange)) {
        if (payload.direction !== 'to-client') continue;
        for (const { destination, messageType, rpid, pid, bytes } of decoder.push(payload)) {
          messages.push({ destination, messageType, rpid, pid, bytes });
        }
      }
    } catch (error) {
      throw new ReplayRecordingError(source, `response ${exchange.index} holds no readable PSRP stream`, { cause: error });
    }
  }
  return messages;
}

/** The pipeline ids the recorded client created, in order. */
function createdPipelines(exchanges: readonly RecordedExchange[], source: string): string[] {
  const defragmenter = new Defragmenter();
  const pids: string[] = [];
  for (const exchange of exchanges) {
    const meaning = readRequestMeaning(exchange.request, defragmenter, exchange.overrides);
    if (meaning.psrpError !== null) throw new ReplayRecordingError(source, `request ${exchange.index}: ${meaning.psrpError}`);
    for (const message of meaning.psrpMessages) {
      if (message.messageType === PeerMessageType.CREATE_PIPELINE) pids.push(bytesToGuid(message.pid));
    }
  }
  return pids;
}

/**
 * Groups a recording's server messages for out-of-proc replay.
 * @throws {ReplayRecordingError} when the recording never opened a runspace pool or its streams do not decode.
 */
export function readRecordedServer(exchanges: readonly RecordedExchange[], source = '<memory>'): RecordedServer {
  const messages = serverMessages(exchanges, source);
  const opened = messages.findIndex((message) => message.messageType === PeerMessageType.RUNSPACEPOOL_STATE && message.pid === EMPTY_GUID);
  if (opened < 0) throw new ReplayRecordingError(source, 'the server never sent RUNSPACEPOOL_STATE: no pool to replay');
  const opening = messages.slice(0, opened + 1).filter((message) => message.pid === EMPTY_GUID);
  const pipelines = createdPipelines(exchanges, source).map((recordedPid) => ({
    recordedPid,
    messages: messages.filter((message) => message.pid === recordedPid),
  }));
  return { source, opening, pipelines };
}

/**
 * Reads a recording file for out-of-proc replay.
 * @throws {ReplayRecordingError} naming the path when it is missing or holds no pool.
 */
export async function loadRecordedServer(path: string): Promise<RecordedServer> {
  return readRecordedServer(await loadRecording(path), path);
}

/**
 * The recorded message readdressed to a live pool and pipeline: a copy with its header's non-zero RPID and PID
 * replaced (the server's first SESSION_CAPABILITY keeps its all-zero RPID, as pwsh sends it), data untouched.
 */
export function readdressMessage(message: RecordedMessage, rpid: string, pid: string): Uint8Array {
  const bytes = message.bytes.slice();
  writeMessageHeader(
    {
      destination: message.destination,
      messageType: message.messageType,
      rpid: message.rpid === EMPTY_GUID ? EMPTY_GUID : rpid,
      pid: message.pid === EMPTY_GUID ? EMPTY_GUID : pid,
    },
    bytes,
  );
  return bytes;
}
