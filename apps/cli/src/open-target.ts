/**
 * Opens a runspace pool on what the command line named.
 */
import { RunspacePool, WSManTransport } from '@psrp/client';
import { connectProcess } from '@psrp/client/process';
import type { CliTarget } from './cli-arguments.js';

export function openTarget(target: CliTarget, signal: AbortSignal): Promise<RunspacePool> {
  if (target.kind === 'pwsh') return RunspacePool.open(connectProcess({ executable: target.executable }), { signal });
  const auth =
    target.username === null
      ? ({ kind: 'none' } as const)
      : ({ kind: 'basic', username: target.username, password: target.password ?? '' } as const);
  return RunspacePool.open(
    new WSManTransport({
      endpoint: target.endpoint,
      auth,
      ...(target.configurationName ? { configurationName: target.configurationName } : {}),
    }),
    { signal },
  );
}
