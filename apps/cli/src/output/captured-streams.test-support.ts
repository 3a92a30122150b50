/**
 * Streams that remember what was written, for the output tests: a terminal of a given width, or a pipe.
 */
import { Writable } from 'node:stream';
import { ConsoleWriter } from './console-writer.js';

export interface CapturedStream extends Writable {
  text: string;
  isTTY: boolean;
  columns: number;
}

export function capturedStream(options: { terminal?: boolean; columns?: number } = {}): CapturedStream {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      stream.text += chunk.toString();
      callback();
    },
  }) as CapturedStream;
  stream.text = '';
  stream.isTTY = options.terminal ?? false;
  stream.columns = options.columns ?? 80;
  return stream;
}

export function capturedConsole(options: { terminal?: boolean; columns?: number } = {}): {
  console: ConsoleWriter;
  stdout: CapturedStream;
  stderr: CapturedStream;
} {
  const stdout = capturedStream(options);
  const stderr = capturedStream(options);
  return { console: new ConsoleWriter({ stdout, stderr }, { progress: true }), stdout, stderr };
}
