import { describe, expect, it } from 'vitest';
import { PsrpArgumentError, PsrpProtocolError, PsrpTransportError } from '../../errors.js';
import { StreamConnection } from './stream-connection.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A readable the test feeds by hand, and a writable that records what the connection wrote. */
function peer(): {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
  feed: (chunk: Uint8Array) => void;
  end: () => void;
  written: string[];
  closed: () => boolean;
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const readable = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const written: string[] = [];
  let closed = false;
  const writable = new WritableStream<Uint8Array>({
    write: (chunk) => void written.push(new TextDecoder().decode(chunk)),
    close: () => void (closed = true),
  });
  return { readable, writable, feed: (chunk) => controller.enqueue(chunk), end: () => controller.close(), written, closed: () => closed };
}

async function take(lines: AsyncIterable<string>, count: number): Promise<string[]> {
  const seen: string[] = [];
  for await (const line of lines) {
    seen.push(line);
    if (seen.length === count) break;
  }
  return seen;
}

describe('StreamConnection', () => {
  it('splits lines across chunks, with a multi-byte character cut between two chunks', async () => {
    const { readable, writable, feed, end } = peer();
    const connection = new StreamConnection({ readable, writable });
    const euro = bytes('€'); // three bytes
    feed(bytes('<Data>one'));
    feed(euro.subarray(0, 1));
    feed(euro.subarray(1));
    feed(bytes('</Data>\r\n<Data>two</Data>\n<Data>tail'));
    end();
    const lines: string[] = [];
    for await (const line of connection.lines) lines.push(line);
    expect(lines).toEqual(['<Data>one€</Data>', '<Data>two</Data>', '<Data>tail']);
    await expect(connection.ended()).resolves.toEqual({ exitCode: null, signal: null, stderr: '' });
  });

  it('writes each line with its ending, and close ends the writable and waits for the peer to end its output', async () => {
    const { readable, writable, end, written, closed } = peer();
    const connection = new StreamConnection({ readable, writable });
    const reading = take(connection.lines, 1);
    await connection.writeLine('<Close PSGuid="00000000-0000-0000-0000-000000000000" />');
    expect(written).toEqual(['<Close PSGuid="00000000-0000-0000-0000-000000000000" />\n']);
    const closing = connection.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed()).toBe(true);
    end();
    await expect(closing).resolves.toEqual({ exitCode: null, signal: null, stderr: '' });
    await expect(reading).resolves.toEqual([]);
  });

  it('stops reading a peer that never ends its output, after closeGraceMs', async () => {
    const { readable, writable } = peer();
    const connection = new StreamConnection({ readable, writable, closeGraceMs: 20 });
    const reading = take(connection.lines, 1);
    const started = Date.now();
    await connection.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    await expect(reading).resolves.toEqual([]);
  });

  it('turns a failing readable or writable into PsrpTransportError naming the peer', async () => {
    const readable = new ReadableStream<Uint8Array>({ pull: () => Promise.reject(new Error('socket reset')) });
    const writable = new WritableStream<Uint8Array>({ write: () => Promise.reject(new Error('broken pipe')) });
    const connection = new StreamConnection({ readable, writable, description: 'the relay' });
    await expect(connection.writeLine('x')).rejects.toThrow(PsrpTransportError);
    const failure = await take(connection.lines, 1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as Error).message).toBe('Reading from the relay failed: socket reset');
  });

  it('refuses a line longer than the packet bound instead of buffering it', async () => {
    const { readable, writable, feed } = peer();
    const connection = new StreamConnection({ readable, writable });
    const chunk = bytes('x'.repeat(1024 * 1024));
    const reading = take(connection.lines, 1).catch((error: unknown) => error);
    feed(chunk);
    feed(chunk);
    expect(await reading).toBeInstanceOf(PsrpProtocolError);
  });

  it('refuses what is not a pair of Web Streams, and a bad grace', () => {
    const { readable, writable } = peer();
    expect(() => new StreamConnection({ readable: {} as ReadableStream<Uint8Array>, writable })).toThrow(PsrpArgumentError);
    expect(() => new StreamConnection({ readable, writable, closeGraceMs: -1 })).toThrow(PsrpArgumentError);
    expect(() => new StreamConnection({ readable, writable, closeGraceMs: Number.NaN })).toThrow(PsrpArgumentError);
  });
});
