/**
 * MS-PSRP 2.2.3.15 ErrorRecord, as it arrives in ERROR_RECORD messages and in the ExceptionAsErrorRecord of a
 * failed pipeline or broken pool. The flattened `ErrorCategory_*` and `ErrorDetails_*` properties are read into
 * named fields; the whole deserialized object stays available as `object`.
 */
import { PSObject } from '@psrp/clixml';
import { readOptionalObject, readOptionalString } from './message-fields.js';

export interface ErrorCategoryInfo {
  readonly category: number;
  readonly activity: string | null;
  readonly reason: string | null;
  readonly targetName: string | null;
  readonly targetType: string | null;
  /** PowerShell's one-line rendering, e.g. `NotSpecified: (:) [Write-Error], WriteErrorException`. */
  readonly message: string | null;
}

export class ErrorRecord {
  readonly message: string;
  readonly fullyQualifiedErrorId: string | null;
  readonly exceptionType: string | null;
  readonly categoryInfo: ErrorCategoryInfo;
  readonly scriptStackTrace: string | null;
  readonly recommendedAction: string | null;
  readonly targetObject: unknown;

  constructor(readonly object: PSObject) {
    const exception = readOptionalObject(object, 'Exception');
    const exceptionMessage = exception ? readOptionalString(exception, 'Message') : null;
    this.message =
      readOptionalString(object, 'ErrorDetails_Message') ?? exceptionMessage ?? object.toStringValue ?? 'Unknown error';
    this.fullyQualifiedErrorId = readOptionalString(object, 'FullyQualifiedErrorId');
    this.exceptionType = exception?.typeNames[0]?.replace(/^Deserialized\./, '') ?? null;
    const category = object.get('ErrorCategory_Category');
    this.categoryInfo = {
      category: typeof category === 'number' ? category : 0,
      activity: readOptionalString(object, 'ErrorCategory_Activity'),
      reason: readOptionalString(object, 'ErrorCategory_Reason'),
      targetName: readOptionalString(object, 'ErrorCategory_TargetName'),
      targetType: readOptionalString(object, 'ErrorCategory_TargetType'),
      message: readOptionalString(object, 'ErrorCategory_Message'),
    };
    this.scriptStackTrace = readOptionalString(object, 'ErrorDetails_ScriptStackTrace');
    this.recommendedAction = readOptionalString(object, 'ErrorDetails_RecommendedAction');
    this.targetObject = object.get('TargetObject') ?? null;
  }

  toString(): string {
    return this.message;
  }
}
