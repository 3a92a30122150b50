/**
 * MS-PSRP 2.2.2.10 CREATE_PIPELINE with 2.2.3.11 Command and 2.2.3.12 Pipeline. Several statements travel as
 * ExtraCmds (protocol 2.2+): every statement, first included, each with its own Cmds, while Cmds repeats the first
 * statement for servers that read only that (as PowerShell's client and real traffic do).
 */
import { PSObject, psEnum, type PsValue } from '@psrp/clixml';
import { APARTMENT_STATE_TYPE } from './init-runspace-pool.js';
import { containsSecureString, type ClientValue } from './secure-string.js';

const PSOBJECT_LIST_TYPE =
  'System.Collections.Generic.List`1[[System.Management.Automation.PSObject, System.Management.Automation, Version=1.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]';
const PIPELINE_RESULT_TYPES = 'System.Management.Automation.Runspaces.PipelineResultTypes';
const REMOTE_STREAM_OPTIONS = 'System.Management.Automation.Runspaces.RemoteStreamOptions';
/** AddInvocationInfo: every record comes back with the invocation that wrote it. */
const ADD_INVOCATION_INFO = 15;

/** The streams a command's records can be merged from (MS-PSRP 2.2.3.31 PipelineResultTypes). */
export type MergeableStream = 'error' | 'warning' | 'verbose' | 'debug' | 'information';

const PIPELINE_RESULT_TYPE_VALUES = { None: 0, Output: 1, Error: 2 } as const;

export interface CommandParameter {
  /** null for a positional argument. */
  readonly name: string | null;
  /** SecureStrings inside are sent as `<SS>` (the pool encrypts them for protocol 2.3 and older). */
  readonly value: ClientValue;
}

export interface CommandSpec {
  /** A command name, or script text when `isScript`. */
  readonly command: string;
  readonly isScript: boolean;
  /** null lets the server decide (dot-sourced for commands, local scope for scripts). */
  readonly useLocalScope: boolean | null;
  readonly parameters: readonly CommandParameter[];
  /** Streams whose records this command writes to its output instead, as PowerShell's MergeMyResults does. */
  readonly mergeToOutput?: readonly MergeableStream[];
}

export interface PipelineSpec {
  /** Statements in order; each is a pipeline of commands. */
  readonly statements: readonly (readonly CommandSpec[])[];
  readonly noInput: boolean;
  readonly addToHistory: boolean;
  readonly isNested: boolean;
  /** HostInfo (MS-PSRP 2.2.3.14): the pipeline's own host, or `_useRunspaceHost` to use the pool's. */
  readonly hostInfo: PSObject;
}

/** True when a parameter value holds a SecureString: the only user values in a CREATE_PIPELINE. */
export function pipelineHoldsSecureStrings(spec: PipelineSpec): boolean {
  return spec.statements.some((commands) => commands.some((command) => command.parameters.some((parameter) => containsSecureString(parameter.value))));
}

function psObjectList(items: PSObject[]): PSObject {
  return new PSObject({ typeNames: [PSOBJECT_LIST_TYPE, 'System.Object'], baseValue: items });
}

function resultType(name: keyof typeof PIPELINE_RESULT_TYPE_VALUES): PSObject {
  return psEnum(PIPELINE_RESULT_TYPES, name, PIPELINE_RESULT_TYPE_VALUES[name]);
}

function buildCommand(spec: CommandSpec): PSObject {
  const args = spec.parameters.map(
    // SecureStrings stay in place here; the machine turns them into <SS> when it serializes the message.
    (parameter) => new PSObject({ extended: { N: parameter.name, V: parameter.value as PsValue } }),
  );
  const merged = new Set(spec.mergeToOutput ?? []);
  const target = (stream: MergeableStream) => resultType(merged.has(stream) ? 'Output' : 'None');
  // Servers before protocol 2.2 read only MergeMyResult/MergeToResult, which can say error-to-output alone.
  const errorMerged = merged.has('error');
  return new PSObject({
    extended: {
      Cmd: spec.command,
      IsScript: spec.isScript,
      UseLocalScope: spec.useLocalScope,
      MergeMyResult: resultType(errorMerged ? 'Error' : 'None'),
      MergeToResult: resultType(errorMerged ? 'Output' : 'None'),
      MergePreviousResults: resultType('None'),
      Args: psObjectList(args),
      MergeError: target('error'),
      MergeWarning: target('warning'),
      MergeVerbose: target('verbose'),
      MergeDebug: target('debug'),
      MergeInformation: target('information'),
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
      HostInfo: spec.hostInfo,
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
