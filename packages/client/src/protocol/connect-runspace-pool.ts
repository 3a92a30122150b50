/**
 * MS-PSRP 2.2.2.29 CONNECT_RUNSPACEPOOL (0x00010008) and 2.2.2.30 RUNSPACEPOOL_INIT_DATA (0x0002100B), MS-PSRP 3.1.4.10.3:
 * a client connects to a pool another client created and disconnected. It sends SESSION_CAPABILITY and
 * CONNECT_RUNSPACEPOOL (with the pool's id as RPID) instead of INIT_RUNSPACEPOOL; the server answers with its
 * SESSION_CAPABILITY, RUNSPACEPOOL_INIT_DATA (the pool's size) and RUNSPACEPOOL_STATE Opened.
 * PowerShell's client sends an empty string as CONNECT_RUNSPACEPOOL's data when it does not resize the pool, else an
 * object with MinRunspaces and/or MaxRunspaces (RemotingEncoder.GenerateConnectRunspacePool).
 */
import { PSObject, type PsValue } from '@psrp/clixml';
import { readInt, readObject } from './message-fields.js';

export interface ConnectRunspacePoolOptions {
  readonly minRunspaces?: number;
  readonly maxRunspaces?: number;
}

export function buildConnectRunspacePool(options: ConnectRunspacePoolOptions = {}): PsValue {
  const extended: Record<string, number> = {};
  if (options.minRunspaces !== undefined) extended.MinRunspaces = options.minRunspaces;
  if (options.maxRunspaces !== undefined) extended.MaxRunspaces = options.maxRunspaces;
  return Object.keys(extended).length === 0 ? '' : new PSObject({ extended });
}

export interface RunspacePoolInitData {
  readonly minRunspaces: number;
  readonly maxRunspaces: number;
}

export function parseRunspacePoolInitData(body: PsValue): RunspacePoolInitData {
  const message = readObject(body, 'RUNSPACEPOOL_INIT_DATA');
  return {
    minRunspaces: readInt(message, 'MinRunspaces', 'RUNSPACEPOOL_INIT_DATA'),
    maxRunspaces: readInt(message, 'MaxRunspaces', 'RUNSPACEPOOL_INIT_DATA'),
  };
}
