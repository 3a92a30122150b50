/**
 * @module out-of-proc/slow-peer-lines
 * A connection whose peer seems slow to answer: each peer line waits as long as `delayOf` says before the client
 * reads it, and the lines behind it wait too (order is kept, as on a real stream). It opens, on demand, the race
 * windows a loaded machine opens by chance, such as a stop requested while a pipeline's `<CommandAck>` is on its way.
 *
 * @example
 * const slow = slowPeerLines(new SshConnection(options), (line) => (line.startsWith('<CommandAck') ? 300 : 0));
 * const pool = await RunspacePool.open(new OutOfProcTransport(slow));
 */
import type { ConnectionEnd, LineConnection } from '@psrp/client';

export function slowPeerLines(connection: LineConnection, delayOf: (line: string) => number): LineConnection {
  async function* delayed(): AsyncGenerator<string> {
    for await (const line of connection.lines) {
      const ms = delayOf(line);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      yield line;
    }
  }
  return {
    lines: delayed(),
    description: connection.description,
    writeLine: (line: string) => connection.writeLine(line),
    close: (): Promise<ConnectionEnd> => connection.close(),
    ended: (): Promise<ConnectionEnd> => connection.ended(),
  };
}
