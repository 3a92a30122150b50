/**
 * MS-PSRP 2.2.2.2 INIT_RUNSPACEPOOL: pool size, thread options, apartment state, host and the application
 * arguments ($PSSenderInfo.ApplicationArguments on the server).
 */
import { PSObject, psEnum, type PsValue } from '@psrp/clixml';

export const PS_THREAD_OPTIONS_TYPE = 'System.Management.Automation.Runspaces.PSThreadOptions';
export const APARTMENT_STATE_TYPE = 'System.Threading.ApartmentState';

export interface InitRunspacePoolOptions {
  readonly minRunspaces: number;
  readonly maxRunspaces: number;
  readonly applicationArguments?: PsValue;
  /** HostInfo (MS-PSRP 2.2.3.14) of the pool's host. */
  readonly hostInfo: PSObject;
}

export function buildInitRunspacePool(options: InitRunspacePoolOptions): PSObject {
  return new PSObject({
    extended: {
      MinRunspaces: options.minRunspaces,
      MaxRunspaces: options.maxRunspaces,
      PSThreadOptions: psEnum(PS_THREAD_OPTIONS_TYPE, 'Default', 0),
      ApartmentState: psEnum(APARTMENT_STATE_TYPE, 'Unknown', 2),
      HostInfo: options.hostInfo,
      ApplicationArguments: options.applicationArguments ?? null,
    },
  });
}
