/**
 * @module replay/replay-server
 * An HTTP WinRM endpoint on 127.0.0.1 that answers a live client with the responses a real Windows
 * server gave in a pypsrp recording. Requests are matched by meaning, in recorded order; GUIDs in
 * the responses are rewritten to the live client's; injected faults become HTTP behaviour.
 *
 * @example
 * const server = await ReplayServer.start(recordingPath('test_winrs_standard.yml'));
 * const client = new WSManClient({ endpoint: server.url });
 * // ... drive the client ...
 * expect(server.mismatches).toEqual([]);
 * await server.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Defragmenter } from '@psrp/fragment';
import { GuidMap } from './guid-map.js';
import { playInjectedFault, type InjectedReplayFault } from './injected-faults.js';
import { mismatchFault } from './mismatch-fault.js';
import { loadRecording, parseRecording, type RecordedExchange } from './recording.js';
import { POWERSHELL_RESOURCE_PREFIX, compareIds, compareMeanings, handedOutIds, readRequestMeaning, type RequestMeaning } from './request-meaning.js';
import { rewriteResponse } from './response-rewriter.js';

export interface ReplayServerOptions {
  /** Longest a `timeout` entry keeps the request hanging before dropping it; default 30 s. */
  hangLimitMs?: number;
  /** Largest request body accepted, in bytes; default 16 MiB. */
  maxRequestBytes?: number;
  /** Faults to play instead of recorded answers (see injected-faults.ts). */
  faults?: readonly InjectedReplayFault[];
  /**
   * Answers a Signal terminate for a PowerShell command the recording does not hold, without advancing (default
   * true). PowerShell's WinRM client closes every command with it (WSManCloseCommand); the pypsrp 0.x client that
   * made the recordings did not. The CommandId must still be one the server handed out.
   */
  tolerateCommandClose?: boolean;
  /**
   * Answers as a WinRM endpoint behind a proxy that allows web pages of any origin would (default false): CORS
   * preflights (OPTIONS) are answered and every answer carries `Access-Control-Allow-Origin: *`, so a browser page
   * on another origin can be the client. A real WinRM listener sends no CORS headers.
   */
  allowAnyOrigin?: boolean;
}

const SIGNAL_TERMINATE_SUFFIX = '/signal/terminate';

const LOOPBACK = '127.0.0.1';
const WSMAN_PATH = '/wsman';
const DEFAULT_HANG_LIMIT_MS = 30_000;
const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';
const HTTP_OK = 200;
const HTTP_NO_CONTENT = 204;
// What the WSMan client sends cross-origin that is not CORS-safelisted: its SOAP content type and Basic credentials.
const CORS_HEADERS = { 'access-control-allow-origin': '*' };
const CORS_PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};
const HTTP_UNAUTHORIZED = 401;
const HTTP_METHOD_NOT_ALLOWED = 405;
const HTTP_PAYLOAD_TOO_LARGE = 413;
const HTTP_INTERNAL_SERVER_ERROR = 500;

interface PreparedExchange {
  recorded: RecordedExchange;
  meaning: RequestMeaning;
}

function lastSegment(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

export class ReplayServer {
  readonly url: string;
  /** One human-readable line per request that did not match the next recorded exchange. */
  readonly mismatches: string[] = [];
  /** One line per request answered that the recording does not hold (see `tolerateCommandClose`). */
  readonly tolerated: string[] = [];
  /** One line per injected fault played, in order. */
  readonly faultsPlayed: string[] = [];
  /** Every request envelope received, in order, for tests that check what the client wrote. */
  readonly received: string[] = [];
  readonly #server: Server;
  readonly #exchanges: readonly PreparedExchange[];
  readonly #guids = new GuidMap();
  readonly #liveDefragmenter = new Defragmenter();
  readonly #sockets = new Set<Socket>();
  readonly #hangTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #hangLimitMs: number;
  readonly #maxRequestBytes: number;
  readonly #faults: InjectedReplayFault[];
  readonly #tolerateCommandClose: boolean;
  readonly #allowAnyOrigin: boolean;
  /** ShellIds and CommandIds (lower case) the recorded server handed out, and those this server handed out live. */
  readonly #recordedHandedOut = new Set<string>();
  readonly #liveHandedOut = new Set<string>();
  /** Recorded pool call ids (`ci`) -> the live client's, learned from matched requests. */
  readonly #callIds = new Map<string, string>();
  #cursor = 0;

  private constructor(server: Server, exchanges: readonly PreparedExchange[], options: ReplayServerOptions) {
    this.#server = server;
    this.#exchanges = exchanges;
    this.#hangLimitMs = options.hangLimitMs ?? DEFAULT_HANG_LIMIT_MS;
    this.#maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.#faults = [...(options.faults ?? [])];
    this.#tolerateCommandClose = options.tolerateCommandClose ?? true;
    this.#allowAnyOrigin = options.allowAnyOrigin ?? false;
    for (const { recorded } of exchanges) for (const id of handedOutIds(recorded.response ?? '')) this.#recordedHandedOut.add(id);
    const address = server.address() as AddressInfo;
    this.url = `http://${LOOPBACK}:${address.port}${WSMAN_PATH}`;
  }

  /** Starts a server replaying the recording at `recordingPath` on a free loopback port. */
  static async start(recordingPath: string, options: ReplayServerOptions = {}): Promise<ReplayServer> {
    return ReplayServer.#listen(await loadRecording(recordingPath), options);
  }

  /** Starts a server replaying recording text held in memory (same YAML shape as the files). */
  static async fromText(recordingText: string, options: ReplayServerOptions = {}): Promise<ReplayServer> {
    return ReplayServer.#listen(parseRecording(recordingText), options);
  }

  static async #listen(recorded: RecordedExchange[], options: ReplayServerOptions): Promise<ReplayServer> {
    // The recorded side gets its own defragmenter: a recorded message may span several requests.
    const recordedDefragmenter = new Defragmenter();
    const exchanges = recorded.map((exchange) => ({
      recorded: exchange,
      meaning: readRequestMeaning(exchange.request, recordedDefragmenter, exchange.overrides),
    }));
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve());
    });
    const replay = new ReplayServer(server, exchanges, options);
    server.on('connection', (socket) => {
      replay.#sockets.add(socket);
      socket.on('close', () => replay.#sockets.delete(socket));
    });
    server.on('request', (request, response) => {
      replay.#handle(request, response).catch((error: unknown) => {
        replay.mismatches.push(`replay server failure: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) response.writeHead(HTTP_INTERNAL_SERVER_ERROR).end();
      });
    });
    return replay;
  }

  /** Recorded exchanges not yet played. */
  get remaining(): number {
    return this.#exchanges.length - this.#cursor;
  }

  /** Stops listening and drops every open connection, including hanging ones. */
  async close(): Promise<void> {
    for (const timer of this.#hangTimers) clearTimeout(timer);
    this.#hangTimers.clear();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #readBody(request: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > this.#maxRequestBytes) return null;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  #reject(response: ServerResponse, description: string): void {
    this.mismatches.push(description);
    response.writeHead(HTTP_INTERNAL_SERVER_ERROR, { 'content-type': SOAP_CONTENT_TYPE }).end(mismatchFault(description));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.#allowAnyOrigin) {
      if (request.method === 'OPTIONS') {
        response.writeHead(HTTP_NO_CONTENT, CORS_PREFLIGHT_HEADERS).end();
        return;
      }
      for (const [name, value] of Object.entries(CORS_HEADERS)) response.setHeader(name, value);
    }
    if (request.method !== 'POST') {
      this.mismatches.push(`${request.method ?? '?'} ${request.url ?? ''}: only POST is part of WS-Management`);
      response.writeHead(HTTP_METHOD_NOT_ALLOWED).end();
      return;
    }
    const body = await this.#readBody(request);
    if (body === null) {
      this.mismatches.push(`request body larger than ${this.#maxRequestBytes} bytes`);
      response.writeHead(HTTP_PAYLOAD_TOO_LARGE).end();
      return;
    }
    this.received.push(body);
    const position = this.#cursor;
    const expected = this.#exchanges[position];
    let live: RequestMeaning;
    try {
      live = readRequestMeaning(body, this.#liveDefragmenter);
    } catch (error) {
      this.#reject(response, `request ${position}: unreadable envelope (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const differences = expected === undefined ? [] : compareMeanings(expected.meaning, live);
    if ((expected === undefined || differences.length > 0) && this.#isToleratedClose(live)) {
      this.#answerToleratedClose(live, position, response);
      return;
    }
    if (expected === undefined) {
      this.#reject(response, `request ${position} (${lastSegment(live.action)}): the recording has no exchange left`);
      return;
    }
    differences.push(
      ...compareIds(
        expected.meaning,
        live,
        (id) => this.#guids.liveText(id) ?? (this.#recordedHandedOut.has(id.toLowerCase()) ? id : null),
        (id) => this.#liveHandedOut.has(id.toLowerCase()),
      ),
    );
    if (differences.length > 0) {
      const what = lastSegment(expected.meaning.action);
      this.#reject(response, `request ${position} (recorded ${what}): ${differences.join('; ')}`);
      return;
    }
    this.#guids.learn(expected.meaning, live);
    expected.meaning.psrpMessages.forEach((message, index) => {
      const liveCallId = live.psrpMessages[index]?.callId;
      if (message.callId !== null && liveCallId != null) this.#callIds.set(message.callId, liveCallId);
    });
    const faultIndex = this.#faults.findIndex((fault) => fault.at === expected.recorded.index);
    if (faultIndex >= 0) {
      const [fault] = this.#faults.splice(faultIndex, 1);
      if (fault!.replayAfter !== true) this.#cursor++;
      this.faultsPlayed.push(`request ${position} (recorded ${lastSegment(expected.meaning.action)}): ${fault!.kind}`);
      if (fault!.kind === 'delay') this.#answerLater(fault!.ms, () => this.#answer(expected, request, response));
      else if (!playInjectedFault(fault!, response, this.#rewritten(expected))) this.#hold(request);
      return;
    }
    this.#cursor++;
    this.#answer(expected, request, response);
  }

  /** A Signal terminate for a PowerShell command, which pypsrp's recordings lack (see `tolerateCommandClose`). */
  #isToleratedClose(live: RequestMeaning): boolean {
    return (
      this.#tolerateCommandClose &&
      lastSegment(live.action) === 'Signal' &&
      live.resourceUri.startsWith(POWERSHELL_RESOURCE_PREFIX) &&
      (live.signalCode?.toLowerCase().endsWith(SIGNAL_TERMINATE_SUFFIX) ?? false)
    );
  }

  #answerToleratedClose(live: RequestMeaning, position: number, response: ServerResponse): void {
    const commandId = live.commandId?.toLowerCase() ?? '';
    if (!this.#liveHandedOut.has(commandId)) {
      this.#reject(response, `request ${position} (Signal terminate): CommandId ${live.commandId ?? '(none)'} was never handed out`);
      return;
    }
    this.tolerated.push(`Signal terminate ${live.commandId ?? ''}`);
    const relatesTo = live.messageId === null ? '' : `<a:RelatesTo>uuid:${live.messageId}</a:RelatesTo>`;
    response
      .writeHead(HTTP_OK, { 'content-type': SOAP_CONTENT_TYPE })
      .end(
        '<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
          'xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Header>' +
          `<a:Action>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SignalResponse</a:Action>${relatesTo}</s:Header>` +
          '<s:Body><rsp:SignalResponse/></s:Body></s:Envelope>',
      );
  }

  /** The recorded response for the live client, with the CommandIds it hands out noted. */
  #rewritten(exchange: PreparedExchange): string {
    const { recorded, meaning } = exchange;
    if (recorded.response === null) return '';
    const psrp = meaning.resourceUri.startsWith(POWERSHELL_RESOURCE_PREFIX);
    const text = rewriteResponse(recorded.response, this.#guids, psrp, this.#callIds);
    for (const id of handedOutIds(text)) this.#liveHandedOut.add(id);
    return text;
  }

  /** Holds a request without answering until the client gives up; bounded so a forgotten client cannot stall a run. */
  #hold(request: IncomingMessage): void {
    const timer = setTimeout(() => {
      this.#hangTimers.delete(timer);
      request.socket.destroy();
    }, this.#hangLimitMs);
    this.#hangTimers.add(timer);
    request.socket.once('close', () => {
      clearTimeout(timer);
      this.#hangTimers.delete(timer);
    });
  }

  #answerLater(ms: number, answer: () => void): void {
    const timer = setTimeout(() => {
      this.#hangTimers.delete(timer);
      answer();
    }, ms);
    this.#hangTimers.add(timer);
  }

  #answer(exchange: PreparedExchange, request: IncomingMessage, response: ServerResponse): void {
    const { recorded } = exchange;
    const fault = recorded.fault;
    if (fault?.kind === 'transport') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'timeout') {
      this.#hold(request);
      return;
    }
    if (fault?.kind === 'auth') {
      response.writeHead(HTTP_UNAUTHORIZED, { 'www-authenticate': 'Negotiate, Basic realm="WSMAN"' }).end();
      return;
    }
    const status = fault?.kind === 'http-status' ? fault.status : HTTP_OK;
    if (recorded.response === null) {
      response.writeHead(status).end();
      return;
    }
    response.writeHead(status, { 'content-type': SOAP_CONTENT_TYPE }).end(this.#rewritten(exchange));
  }
}
