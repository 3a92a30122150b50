/**
 * @module @psrp/client/process: PSRP to a local PowerShell started as `pwsh -s` (Node only).
 *
 * @example
 * const pool = await RunspacePool.open(connectProcess({ executable: 'pwsh' }));
 */
import { OutOfProcTransport } from './transport/out-of-proc/out-of-proc-transport.js';
import { ProcessConnection, type ProcessOptions } from './transport/process/process-connection.js';

export { ProcessConnection, DEFAULT_PWSH_SERVER_ARGS, type ProcessOptions } from './transport/process/process-connection.js';

/** Starts `pwsh -NoLogo -NoProfile -s` and returns the transport that speaks to it. */
export function connectProcess(options: ProcessOptions = {}): OutOfProcTransport {
  return new OutOfProcTransport(new ProcessConnection(options));
}
