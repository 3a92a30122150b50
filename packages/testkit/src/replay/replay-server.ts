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
import { mismatchFault } from './mismatch-fault.js';
import { loadRecording, parseRecording, type RecordedExchange } from './recording.js';
import { POWERSHELL_RESOURCE_PREFIX, compareMeanings, readRequestMeaning, type RequestMeaning } from './request-meaning.js';
import { rewriteResponse } from './response-rewriter.js';

export interface ReplayServerOptions {
  /** Longest a `timeout` entry keeps the request hanging before dropping it; default 30 s. */
  hangLimitMs?: number;
  /** Largest request body accepted, in bytes; default 16 MiB. */
  maxRequestBytes?: number;
}

const LOOPBACK = '127.0.0.1';
const WSMAN_PATH = '/wsman';
const DEFAULT_HANG_LIMIT_MS = 30_000;
const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';
const HTTP_OK = 200;
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
  readonly #server: Server;
  readonly #exchanges: readonly PreparedExchange[];
  readonly #guids = new GuidMap();
  readonly #liveDefragmenter = new Defragmenter();
  readonly #sockets = new Set<Socket>();
  readonly #hangTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #hangLimitMs: number;
  readonly #maxRequestBytes: number;
  #cursor = 0;

  private constructor(server: Server, exchanges: readonly PreparedExchange[], options: ReplayServerOptions) {
    this.#server = server;
    this.#exchanges = exchanges;
    this.#hangLimitMs = options.hangLimitMs ?? DEFAULT_HANG_LIMIT_MS;
    this.#maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
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
    const position = this.#cursor;
    const expected = this.#exchanges[position];
    let live: RequestMeaning;
    try {
      live = readRequestMeaning(body, this.#liveDefragmenter);
    } catch (error) {
      this.#reject(response, `request ${position}: unreadable envelope (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (expected === undefined) {
      this.#reject(response, `request ${position} (${lastSegment(live.action)}): the recording has no exchange left`);
      return;
    }
    const differences = compareMeanings(expected.meaning, live);
    if (differences.length > 0) {
      const what = lastSegment(expected.meaning.action);
      this.#reject(response, `request ${position} (recorded ${what}): ${differences.join('; ')}`);
      return;
    }
    this.#cursor++;
    this.#guids.learn(expected.meaning, live);
    this.#answer(expected, request, response);
  }

  #answer(exchange: PreparedExchange, request: IncomingMessage, response: ServerResponse): void {
    const { recorded, meaning } = exchange;
    const fault = recorded.fault;
    if (fault?.kind === 'transport') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'timeout') {
      // Hold the request until the client gives up; bounded so a forgotten client cannot stall a run.
      const timer = setTimeout(() => {
        this.#hangTimers.delete(timer);
        request.socket.destroy();
      }, this.#hangLimitMs);
      this.#hangTimers.add(timer);
      request.socket.once('close', () => {
        clearTimeout(timer);
        this.#hangTimers.delete(timer);
      });
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
    const psrp = meaning.resourceUri.startsWith(POWERSHELL_RESOURCE_PREFIX);
    response.writeHead(status, { 'content-type': SOAP_CONTENT_TYPE }).end(rewriteResponse(recorded.response, this.#guids, psrp));
  }
}
