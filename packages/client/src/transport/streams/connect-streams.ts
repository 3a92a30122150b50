/**
 * PSRP over a byte pipe the caller already holds, on any runtime.
 *
 * @example
 * // A WebSocket relay to `pwsh -s` on the far side, in a browser or a worker:
 * const pool = await RunspacePool.open(connectStreams({ readable, writable }));
 */
import { OutOfProcTransport } from '../out-of-proc/out-of-proc-transport.js';
import { StreamConnection, type StreamPeer } from './stream-connection.js';

export { StreamConnection, type StreamPeer } from './stream-connection.js';

/** The out-of-proc transport (pwsh -s's line protocol) over `peer`'s readable and writable streams. */
export function connectStreams(peer: StreamPeer): OutOfProcTransport {
  return new OutOfProcTransport(new StreamConnection(peer));
}
