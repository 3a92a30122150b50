/**
 * MS-PSRP 2.2.2.15/2.2.2.16 RUNSPACEPOOL_HOST_CALL / RUNSPACEPOOL_HOST_RESPONSE and 2.2.2.27/2.2.2.28
 * PIPELINE_HOST_CALL / PIPELINE_HOST_RESPONSE (formatted identically).
 *
 * A call is an `<Obj>` with extended properties `ci` (call id, I64), `mi` (a RemoteHostMethodId enum object) and
 * `mp` (an ArrayList of the parameters). A response repeats `ci` and `mi` and carries either `mr`, the return
 * value, or `me`, an ErrorRecord whose exception the server throws from the host method ("if either the mr
 * property or the me property is present, the other can be omitted"). Void methods get no response at all.
 */
import { PSNumber, PSObject, psEnum, type PsValue } from '@psrp/clixml';
import { PsrpProtocolError } from '../errors.js';
import { PsrpHostError } from '../errors.js';
import {
  HOST_METHOD_ID_TYPE_NAME,
  hostMethodName,
  isVoidHostMethod,
  type HostMethodIdValue,
  type HostMethodName,
} from './host-method.js';
import { readHostInt32, readHostInt64, readHostList } from './host-values/host-encoding.js';
import { asBodyValue } from './host-values/host-secrets.js';
import type { ClientValue } from './secure-string.js';

export interface HostCall {
  /** null for RUNSPACEPOOL_HOST_CALL, the pipeline id for PIPELINE_HOST_CALL. */
  readonly pid: string | null;
  /** `ci` (an Int64; PowerShell sends -100 on calls of void methods). */
  readonly callId: bigint;
  readonly methodId: HostMethodIdValue;
  readonly methodName: HostMethodName;
  /** `mp`, as deserialized; host-values reads each parameter's type. */
  readonly parameters: readonly PsValue[];
}

/** Reads the body of a RUNSPACEPOOL_HOST_CALL (pid null) or PIPELINE_HOST_CALL. @throws PsrpProtocolError */
export function parseHostCall(body: PsValue, pid: string | null): HostCall {
  const context = pid === null ? 'RUNSPACEPOOL_HOST_CALL' : 'PIPELINE_HOST_CALL';
  if (!(body instanceof PSObject)) throw new PsrpProtocolError(`${context}: the body should be an object`);
  const read = <T>(name: string, reader: (value: PsValue | undefined, what: string) => T): T => {
    const value = body.get(name);
    if (value === undefined) throw new PsrpProtocolError(`${context}: the property ${name} is missing`);
    try {
      return reader(value, `${context} ${name}`);
    } catch (error) {
      throw new PsrpProtocolError(`${context}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  const callId = read('ci', readHostInt64);
  const methodId = read('mi', readHostInt32);
  const methodName = hostMethodName(methodId);
  if (methodName === null) throw new PsrpProtocolError(`${context}: ${methodId} is not a host method id (1-56)`);
  const parameters = read('mp', readHostList);
  return { pid, callId, methodId: methodId as HostMethodIdValue, methodName, parameters };
}

/** The `mi` of a response: the RemoteHostMethodId enum, as the server sent it. */
export function hostMethodIdValue(call: Pick<HostCall, 'methodId' | 'methodName'>): PSObject {
  return psEnum(HOST_METHOD_ID_TYPE_NAME, call.methodName, call.methodId);
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

/**
 * What a host method produced: its return value in wire form (see host-values; a SecureString in it is encoded by
 * the machine when it queues the response), or the error the server should throw from the method.
 */
export type HostResult = { readonly value: ClientValue } | { readonly error: HostErrorInit };

/**
 * An exception for the server's pipeline. PowerShell's own client reports a host exception as an ErrorRecord with
 * FullyQualifiedErrorId `RemoteHostExecutionException` and category NotSpecified; those are the defaults.
 */
export interface HostErrorInit {
  readonly message: string;
  /** Most specific first; default System.Management.Automation.Host.HostException and its bases. */
  readonly exceptionTypeNames?: readonly string[];
  /** Default `RemoteHostExecutionException`. */
  readonly fullyQualifiedErrorId?: string;
  /** ErrorCategory (2.2.3.9); default 0, NotSpecified. */
  readonly category?: number;
  readonly activity?: string;
  /** Default: the short name of the exception type (`HostException`). */
  readonly reason?: string;
  readonly targetName?: string;
  readonly targetType?: string;
}

export const HOST_EXCEPTION_TYPE_NAMES: readonly string[] = [
  'System.Management.Automation.Host.HostException',
  'System.Management.Automation.RuntimeException',
  'System.SystemException',
  'System.Exception',
  'System.Object',
];

export const REMOTE_HOST_ERROR_ID = 'RemoteHostExecutionException';

/** ErrorCategory names by value (2.2.3.9 and .NET's ErrorCategory). */
const ERROR_CATEGORY_NAMES = [
  'NotSpecified',
  'OpenError',
  'CloseError',
  'DeviceError',
  'DeadlockDetected',
  'InvalidArgument',
  'InvalidData',
  'InvalidOperation',
  'InvalidResult',
  'InvalidType',
  'MetadataError',
  'NotImplemented',
  'NotInstalled',
  'ObjectNotFound',
  'OperationStopped',
  'OperationTimeout',
  'SyntaxError',
  'ParserError',
  'PermissionDenied',
  'ResourceBusy',
  'ResourceExists',
  'ResourceUnavailable',
  'ReadError',
  'WriteError',
  'FromStdErr',
  'SecurityError',
  'ProtocolError',
  'ConnectionError',
  'AuthenticationError',
  'LimitsExceeded',
  'QuotaExceeded',
  'NotEnabled',
] as const;

/** The error a thrown value stands for: an Error's message, or the value's text. */
export function hostErrorFromException(error: unknown): HostErrorInit {
  if (error instanceof Error) return { message: error.message === '' ? error.name : error.message };
  return { message: typeof error === 'string' ? error : `The host failed: ${String(error)}` };
}

/**
 * An ErrorRecord shaped as PowerShell serializes one for remoting (2.2.3.15): the exception as an object with its
 * Message, `TargetObject`, `FullyQualifiedErrorId`, `InvocationInfo` (null), the flattened `ErrorCategory_*`
 * properties and `SerializeExtendedInfo` false (no invocation details follow).
 */
export function buildHostErrorRecord(init: HostErrorInit): PSObject {
  const typeNames = init.exceptionTypeNames ?? HOST_EXCEPTION_TYPE_NAMES;
  const exceptionType = typeNames[0] ?? 'System.Exception';
  const category = init.category ?? 0;
  const categoryName = ERROR_CATEGORY_NAMES[category] ?? 'NotSpecified';
  const activity = init.activity ?? '';
  const reason = init.reason ?? exceptionType.slice(exceptionType.lastIndexOf('.') + 1);
  const targetName = init.targetName ?? '';
  const targetType = init.targetType ?? '';
  const exception = new PSObject({
    typeNames,
    toStringValue: `${exceptionType}: ${init.message}`,
    adapted: {
      Message: init.message,
      Data: null,
      InnerException: null,
      TargetSite: null,
      StackTrace: null,
      HelpLink: null,
      Source: null,
      HResult: -2146233087,
    },
  });
  return new PSObject({
    typeNames: ['System.Management.Automation.ErrorRecord', 'System.Object'],
    toStringValue: init.message,
    extended: {
      Exception: exception,
      TargetObject: null,
      FullyQualifiedErrorId: init.fullyQualifiedErrorId ?? REMOTE_HOST_ERROR_ID,
      InvocationInfo: null,
      ErrorCategory_Category: category,
      ErrorCategory_Activity: activity,
      ErrorCategory_Reason: reason,
      ErrorCategory_TargetName: targetName,
      ErrorCategory_TargetType: targetType,
      // PowerShell's CategoryInfo.GetMessage(): "Category: (TargetName:TargetType) [Activity], Reason".
      ErrorCategory_Message: `${categoryName}: (${targetName}:${targetType}) [${activity}], ${reason}`,
      SerializeExtendedInfo: false,
    },
  });
}

/**
 * The body of the RUNSPACEPOOL_HOST_RESPONSE / PIPELINE_HOST_RESPONSE answering `call` (same message family as
 * the call: pool for `pid` null, else pipeline; PowerShell's out-of-proc transport carries it on the
 * PromptResponse stream). @throws PsrpHostError for a void method, which must get no response.
 */
export function buildHostResponse(call: HostCall, result: HostResult): PSObject {
  if (isVoidHostMethod(call.methodName)) {
    throw new PsrpHostError(`${call.methodName} returns nothing: the server expects no response to it`, call.methodName);
  }
  const extended: Record<string, PsValue> = {
    ci: PSNumber.int64(call.callId),
    mi: hostMethodIdValue(call),
  };
  if ('error' in result) extended.me = buildHostErrorRecord(result.error);
  else extended.mr = asBodyValue(result.value);
  return new PSObject({ extended });
}
