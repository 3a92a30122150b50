/**
 * @module @psrp/client/ssh: PSRP to PowerShell over SSH, through the server's `powershell` subsystem (Node only).
 *
 * @example
 * const pool = await RunspacePool.open(
 *   connectSsh({ host: 'server', username: 'alice', privateKey: await readFile(`${homedir()}/.ssh/id_ed25519`) }),
 * );
 */
import { OutOfProcTransport } from './transport/out-of-proc/out-of-proc-transport.js';
import { SshConnection, type SshOptions } from './transport/ssh/ssh-connection.js';

export {
  SshConnection,
  DEFAULT_SSH_SUBSYSTEM,
  type SshOptions,
  type HostKeyPolicy,
  type HostKeyCheck,
  type KeyboardInteractiveHandler,
  type KeyboardInteractivePrompt,
} from './transport/ssh/ssh-connection.js';
export { hostKeyFingerprint } from './transport/ssh/known-hosts.js';
export { resolveSshTarget, type SshTarget } from './transport/ssh/ssh-target.js';

/**
 * Connects to `options.host` over SSH (a host, or a `Host` alias of ~/.ssh/config, whose HostName, Port, User,
 * IdentityFile, … apply as in OpenSSH unless the options say otherwise), checks its host key (known_hosts by default), authenticates, opens the
 * PowerShell subsystem and returns the transport that speaks to it. Failures arrive when the pool opens:
 * PsrpHostKeyError, PsrpAuthenticationError, PsrpSshConfigError (a config that cannot be read or asks for ProxyJump),
 * or a PsrpTransportError for the rest.
 */
export function connectSsh(options: SshOptions): OutOfProcTransport {
  return new OutOfProcTransport(new SshConnection(options));
}
