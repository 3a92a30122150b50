/**
 * The runspace pools a user has on a WSMan server (Get-PSSession -ComputerName; MS-PSRP 3.1.5.3.14: the client
 * discovers pool ids by enumerating shells, then the commands of each): an Enumerate of the shell resource, kept to
 * PowerShell's endpoints, and an Enumerate of each shell's commands, whose ids are the pipeline ids.
 */
import { WSManClient, enumerateShells, type WSManClientOptions } from '@psrp/wsman';
import { WSManShell } from '@psrp/wsman';
import { PsrpAbortedError, PsrpError, PsrpTransportError } from '../../errors.js';
import { POWERSHELL_RESOURCE_URI_PREFIX, powerShellResourceUri } from './wsman-transport.js';

export interface WSManPoolInfo {
  /** The pool id (the shell id): pass it to `RunspacePool.connect`. */
  readonly id: string;
  /** The session configuration, e.g. 'Microsoft.PowerShell'. */
  readonly configurationName: string;
  readonly resourceUri: string;
  /** The name given at creation, or null. */
  readonly name: string | null;
  /** 'Disconnected', 'Connected' (to another client or this one), or null when the server does not say. */
  readonly state: string | null;
  readonly owner: string | null;
  readonly clientIp: string | null;
  /** How long the server keeps the pool without a client, in ms. */
  readonly idleTimeoutMs: number | null;
  readonly outputBufferingMode: string | null;
  /** The ids of the pipelines (commands) the pool has on the server. */
  readonly pipelineIds: readonly string[];
}

export interface ListWSManPoolsOptions extends WSManClientOptions {
  /** Only this session configuration's pools (a name or a whole resource URI); default: every PowerShell endpoint. */
  readonly configurationName?: string;
  readonly signal?: AbortSignal;
}

/** Lists the caller's pools on the server, each with the ids of its pipelines. */
export async function listWSManPools(options: ListWSManPoolsOptions): Promise<WSManPoolInfo[]> {
  const client = new WSManClient(options);
  const prefix = options.configurationName === undefined ? POWERSHELL_RESOURCE_URI_PREFIX : powerShellResourceUri({ configurationName: options.configurationName });
  const withSignal = options.signal ? { signal: options.signal } : {};
  try {
    const shells = await enumerateShells(client, { resourceUriPrefix: prefix, ...withSignal });
    const pools: WSManPoolInfo[] = [];
    for (const shell of shells) {
      const pipelineIds = await new WSManShell(client, shell.shellId, shell.resourceUri).enumerateCommands(withSignal);
      pools.push({
        id: shell.shellId.toLowerCase(),
        configurationName: shell.resourceUri.startsWith(POWERSHELL_RESOURCE_URI_PREFIX)
          ? shell.resourceUri.slice(POWERSHELL_RESOURCE_URI_PREFIX.length)
          : shell.resourceUri,
        resourceUri: shell.resourceUri,
        name: shell.name,
        state: shell.state,
        owner: shell.owner,
        clientIp: shell.clientIp,
        idleTimeoutMs: shell.idleTimeoutSeconds === null ? null : Math.round(shell.idleTimeoutSeconds * 1000),
        outputBufferingMode: shell.bufferMode,
        pipelineIds: pipelineIds.map((id) => id.toLowerCase()),
      });
    }
    return pools;
  } catch (error) {
    if (error instanceof PsrpError) throw error;
    if ((error as Error)?.name === 'WSManAbortError') throw new PsrpAbortedError('Listing the WSMan pools was aborted', { cause: error });
    throw new PsrpTransportError(`Listing the WSMan pools failed: ${(error as Error)?.message ?? String(error)}`, {}, { cause: error });
  }
}
