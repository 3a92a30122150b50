/**
 * What Node's own fetch does with connections, as the README states it: a request sent right after the
 * previous answer was read often goes out on a second socket (the first is handed back to the pool a tick
 * later; measured on Node 20: sockets 1,2,1,2,...), a request after a short pause reuses the idle socket,
 * and concurrent requests open more sockets. Nothing binds a request to the socket that authenticated,
 * which is why NTLM and Kerberos need the undici engine's pinned connections.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let url: string;
let sockets = 0;
/** The socket of each request, in order. */
const served: unknown[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    served.push(request.socket);
    request.resume();
    request.on('end', () => setTimeout(() => response.end('ok'), 30));
  });
  server.on('connection', () => (sockets += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/wsman`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = async (): Promise<void> => {
  await (await fetch(url, { method: 'POST', body: 'x' })).text();
};

describe("Node's fetch and keep-alive", () => {
  it('spreads back-to-back sequential requests over up to two sockets', async () => {
    const before = sockets;
    for (let index = 0; index < 6; index += 1) await post();
    expect(sockets - before).toBeGreaterThanOrEqual(1);
    expect(sockets - before).toBeLessThanOrEqual(2);
  });

  it('reuses the idle socket after a pause', async () => {
    await post();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = sockets;
    for (let index = 0; index < 4; index += 1) {
      await post();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sockets - before).toBe(0);
  });

  it('spreads concurrent requests over several sockets', async () => {
    const start = served.length;
    await Promise.all([post(), post(), post()]);
    expect(new Set(served.slice(start)).size).toBe(3);
  });
});
