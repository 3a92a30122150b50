/**
 * @module @psrp/client/pipe: PSRP to a running PowerShell process through its named pipe, as Enter-PSHostProcess
 * attaches (Node only; on Unix the pipe is a socket in the temp directory).
 *
 * @example
 * const [target] = await listPowerShellProcesses();
 * const pool = await RunspacePool.open(connectPipe({ processId: target.processId }));
 */
import { OutOfProcTransport } from './transport/out-of-proc/out-of-proc-transport.js';
import { PipeConnection, type PipeOptions } from './transport/pipe/pipe-connection.js';

export { PipeConnection, listPowerShellProcesses, type PipeOptions, type PowerShellProcessInfo } from './transport/pipe/pipe-connection.js';

/**
 * Attaches to a PowerShell process by id, by the name given to `-CustomPipeName`, or by socket path, and returns the
 * transport that speaks to it. Closing the pool ends the session, never the process. The server takes one client
 * at a time: while another is attached, opening waits (bound it with the pool's openTimeoutMs or a signal).
 */
export function connectPipe(options: PipeOptions): OutOfProcTransport {
  return new OutOfProcTransport(new PipeConnection(options));
}
