/**
 * MS-PSRP 2.2.2.14 GET_COMMAND_METADATA: Get-Command's view of the server's commands. The answer arrives as the
 * output of that call's pipeline id: a CommandMetadataCount (2.2.3.21) and one CommandMetadata (2.2.3.22) each.
 */
import { PSObject, psEnum, type PsValue } from '@psrp/clixml';

const STRING_ARRAY_TYPES = ['System.String[]', 'System.Array', 'System.Object'];
const COMMAND_TYPES_TYPE = 'System.Management.Automation.CommandTypes';

/** System.Management.Automation.CommandTypes flags. */
export const CommandTypes = {
  Alias: 1,
  Function: 2,
  Filter: 4,
  Cmdlet: 8,
  ExternalScript: 16,
  Application: 32,
  Script: 64,
  Configuration: 256,
  All: 383,
} as const;

export type CommandTypeName = Exclude<keyof typeof CommandTypes, 'All'>;

export interface CommandMetadataQuery {
  /** Command names, wildcards allowed (`Get-*`). */
  readonly names: readonly string[];
  /** Default Alias, Function, Filter and Cmdlet, as PowerShell's implicit remoting asks. */
  readonly commandTypes?: readonly CommandTypeName[];
  /** Module names to look in; empty for every module. */
  readonly namespaces?: readonly string[];
  readonly argumentList?: readonly PsValue[] | null;
}

const DEFAULT_COMMAND_TYPES: readonly CommandTypeName[] = ['Alias', 'Function', 'Filter', 'Cmdlet'];

function stringArray(values: readonly string[]): PSObject {
  return new PSObject({ typeNames: STRING_ARRAY_TYPES, baseValue: [...values] });
}

export function buildGetCommandMetadata(query: CommandMetadataQuery): PSObject {
  const types = query.commandTypes ?? DEFAULT_COMMAND_TYPES;
  const flags = types.reduce((sum, name) => sum | CommandTypes[name], 0);
  return new PSObject({
    extended: {
      Name: stringArray(query.names),
      CommandType: psEnum(COMMAND_TYPES_TYPE, types.join(', '), flags),
      Namespace: stringArray(query.namespaces ?? []),
      ArgumentList: query.argumentList ? [...query.argumentList] : null,
    },
  });
}
