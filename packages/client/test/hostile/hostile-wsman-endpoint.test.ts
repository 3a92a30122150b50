/**
 * RunspacePool over WSMan against a hostile endpoint on 127.0.0.1 (issue 12): one that never answers, one that answers
 * the Create with two s:Body elements, one that answers with an endless body. Each open ends in a PsrpError (a
 * WSManError as its cause) within openTimeoutMs or the WSMan request timeout, with no rejection unhandled. The WSMan
 * client's own cases (drips, huge envelopes, wrong namespaces, both HTTP engines) are in
 * packages/wsman/test/hostile-endpoint.test.ts.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WSManError, WSManParseError, WSManTimeoutError } from '@psrp/wsman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsrpError, PsrpTimeoutError, PsrpTransportError, RunspacePool, WSManTransport } from '../../src/index.js';

const SLACK_MS = 5_000;
const sockets = new Set<Socket>();
let server: Server;
let base: string;

const behaviours: Record<string, (response: ServerResponse) => void> = {
  stall: () => undefined,
  'two-bodies': (response) => {
    response.writeHead(200, { 'content-type': 'application/soap+xml' });
    response.end('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/><s:Body/><s:Body/></s:Envelope>');
  },
  endless: (response) => {
    response.writeHead(200, { 'content-type': 'application/soap+xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x3c);
    const pump = () => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once('drain', pump);
    };
    pump();
  },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => behaviours[request.url!.slice(1)]!(response));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function failedOpen(behaviour: string, options: { openTimeoutMs: number; requestTimeoutSeconds: number }): Promise<{ error: unknown; ms: number }> {
  const transport = new WSManTransport({ endpoint: `${base}/${behaviour}`, auth: { kind: 'none' }, requestTimeoutSeconds: options.requestTimeoutSeconds });
  const started = performance.now();
  const error = await RunspacePool.open(transport, { openTimeoutMs: options.openTimeoutMs }).then(
    () => new Error('the pool opened'),
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PsrpError);
  return { error, ms: performance.now() - started };
}

describe('RunspacePool.open over WSMan against a hostile endpoint', () => {
  it('stall: fails within openTimeoutMs when it is the shorter bound', async () => {
    const { error, ms } = await failedOpen('stall', { openTimeoutMs: 1000, requestTimeoutSeconds: 60 });
    expect(error).toBeInstanceOf(PsrpTimeoutError);
    expect(ms).toBeLessThan(1000 + SLACK_MS);
  });

  it('stall: fails with the WSMan timeout as its cause when the request timeout is the shorter bound', async () => {
    const { error, ms } = await failedOpen('stall', { openTimeoutMs: 60_000, requestTimeoutSeconds: 1 });
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).cause).toBeInstanceOf(WSManTimeoutError);
    expect(ms).toBeLessThan(1000 + SLACK_MS);
  });

  it('two s:Body elements: fails at once with WSManParseError as the cause', async () => {
    const { error } = await failedOpen('two-bodies', { openTimeoutMs: 60_000, requestTimeoutSeconds: 60 });
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).cause).toBeInstanceOf(WSManParseError);
  });

  it('an endless body: fails once it passes maxResponseBytes', async () => {
    const { error } = await failedOpen('endless', { openTimeoutMs: 60_000, requestTimeoutSeconds: 60 });
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).cause).toBeInstanceOf(WSManError);
  });
});
