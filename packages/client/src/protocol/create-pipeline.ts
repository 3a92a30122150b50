/**
 * MS-PSRP 2.2.2.10 CREATE_PIPELINE with 2.2.3.11 Command and 2.2.3.12 Pipeline. Several statements travel as
 * ExtraCmds (protocol 2.2+): every statement, first included, each with its own Cmds, while Cmds repeats the first
 * statement for servers that read only that (as PowerShell's client and real traffic do).
 */
import { PSObject, psEnum, type PsValue } from '@psrp/clixml';
import { buildNullHostInfo } from './host-info.js';
import { APARTMENT_STATE_TYPE } from './init-runspace-pool.js';

const PSOBJECT_LIST_TYPE =
  'System.Collections.Generic.List`1[[System.Management.Automation.PSObject, System.Management.Automation, Version=1.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]';
const PIPELINE_RESULT_TYPES = 'System.Management.Automation.Runspaces.PipelineResultTypes';
const REMOTE_STREAM_OPTIONS = 'System.Management.Automation.Runspaces.RemoteStreamOptions';
/** AddInvocationInfo: every record comes back with the invocation that wrote it. */
const ADD_INVOCATION_INFO = 15;

export interface CommandParameter {
  /** null for a positional argument. */
  readonly name: string | null;
  readonly value: PsValue;
}

export interface CommandSpec {
  /** A command name, or script text when `isScript`. */
  readonly command: string;
  readonly isScript: boolean;
  /** null lets the server decide (dot-sourced for commands, local scope for scripts). */
  readonly useLocalScope: boolean | null;
  readonly parameters: readonly CommandParameter[];
}

export interface PipelineSpec {
  /** Statements in order; each is a pipeline of commands. */
  readonly statements: readonly (readonly CommandSpec[])[];
  readonly noInput: boolean;
  readonly addToHistory: boolean;
  readonly isNested: boolean;
}

function psObjectList(items: PSObject[]): PSObject {
  return new PSObject({ typeNames: [PSOBJECT_LIST_TYPE, 'System.Object'], baseValue: items });
}

function noMerge(): PSObject {
  return psEnum(PIPELINE_RESULT_TYPES, 'None', 0);
}

function buildCommand(spec: CommandSpec): PSObject {
  const args = spec.parameters.map(
    (parameter) => new PSObject({ extended: { N: parameter.name, V: parameter.value } }),
  );
  return new PSObject({
    extended: {
      Cmd: spec.command,
      IsScript: spec.isScript,
      UseLocalScope: spec.useLocalScope,
      MergeMyResult: noMerge(),
      MergeToResult: noMerge(),
      MergePreviousResults: noMerge(),
      Args: psObjectList(args),
      MergeError: noMerge(),
      MergeWarning: noMerge(),
      MergeVerbose: noMerge(),
      MergeDebug: noMerge(),
      MergeInformation: noMerge(),
    },
  });
}

export function buildCreatePipeline(spec: PipelineSpec): PSObject {
  const [first] = spec.statements;
  if (!first || first.length === 0) throw new RangeError('A pipeline needs at least one command');
  const extraCmds =
    spec.statements.length > 1
      ? psObjectList(spec.statements.map((statement) => new PSObject({ extended: { Cmds: psObjectList(statement.map(buildCommand)) } })))
      : null;
  return new PSObject({
    extended: {
      NoInput: spec.noInput,
      ApartmentState: psEnum(APARTMENT_STATE_TYPE, 'Unknown', 2),
      RemoteStreamOptions: psEnum(REMOTE_STREAM_OPTIONS, 'AddInvocationInfo', ADD_INVOCATION_INFO),
      AddToHistory: spec.addToHistory,
      HostInfo: buildNullHostInfo(),
      PowerShell: new PSObject({
        extended: {
          IsNested: spec.isNested,
          ExtraCmds: extraCmds,
          Cmds: psObjectList(first.map(buildCommand)),
          History: null,
          RedirectShellErrorOutputPipe: false,
        },
      }),
      IsNested: spec.isNested,
    },
  });
}
