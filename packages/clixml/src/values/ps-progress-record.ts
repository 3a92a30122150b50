/**
 * @module ps-progress-record
 * `<PR>`: a System.Management.Automation.ProgressRecord, the one complex type with its own element.
 * Children in PowerShell's order: AV (activity), AI (activity id), the current operation as a value
 * (`<S>` or `<Nil/>`), PI (parent id), PC (percent), T (record type), SR (seconds left), SD (status).
 */
import { PROGRESS_FIELD } from '../element-names.js';
import { parseInt32Field } from '../primitive-codec.js';
import { decodePsString, encodeElementText } from '../string-escaping.js';
import { INTEGER_RANGES } from './ps-number.js';

export type ProgressRecordType = 'Processing' | 'Completed';

export interface PSProgressRecordInit {
  activity?: string;
  activityId?: number;
  currentOperation?: string | null;
  parentActivityId?: number;
  percentComplete?: number;
  recordType?: ProgressRecordType | string;
  secondsRemaining?: number;
  statusDescription?: string;
}

/** -1 is how .NET's ProgressRecord says "none" for the parent id, percentage and time left. */
const NONE = -1;

export class PSProgressRecord {
  activity: string;
  activityId: number;
  currentOperation: string | null;
  parentActivityId: number;
  percentComplete: number;
  /** 'Processing' or 'Completed' on the wire; kept as text in case a newer server adds values. */
  recordType: ProgressRecordType | string;
  secondsRemaining: number;
  statusDescription: string;

  constructor(init: PSProgressRecordInit = {}) {
    this.activity = init.activity ?? '';
    this.activityId = init.activityId ?? 0;
    this.currentOperation = init.currentOperation ?? null;
    this.parentActivityId = init.parentActivityId ?? NONE;
    this.percentComplete = init.percentComplete ?? NONE;
    this.recordType = init.recordType ?? 'Processing';
    this.secondsRemaining = init.secondsRemaining ?? NONE;
    this.statusDescription = init.statusDescription ?? '';
  }
}

/** Sets the field a `<PR>` child element names from its (XML-decoded) text. */
export function setProgressField(progress: PSProgressRecord, tag: string, text: string): void {
  switch (tag) {
    case PROGRESS_FIELD.activity:
      progress.activity = decodePsString(text);
      break;
    case PROGRESS_FIELD.activityId:
      progress.activityId = parseInt32Field(tag, text);
      break;
    case PROGRESS_FIELD.currentOperation:
      progress.currentOperation = decodePsString(text);
      break;
    case PROGRESS_FIELD.parentActivityId:
      progress.parentActivityId = parseInt32Field(tag, text);
      break;
    case PROGRESS_FIELD.percentComplete:
      progress.percentComplete = parseInt32Field(tag, text);
      break;
    case PROGRESS_FIELD.recordType:
      progress.recordType = text.trim();
      break;
    case PROGRESS_FIELD.secondsRemaining:
      progress.secondsRemaining = parseInt32Field(tag, text);
      break;
    case PROGRESS_FIELD.statusDescription:
      progress.statusDescription = decodePsString(text);
      break;
  }
}

const [INT32_MIN, INT32_MAX] = INTEGER_RANGES.I32;

/**
 * What follows `<PR>`: the record's fields in PowerShell's order, and `</PR>`. The current operation is written as a
 * value (`<S>` or `<Nil />`), not as `<CO>`. A field that is no Int32 is refused by `fail`.
 */
export function progressRecordContent(record: PSProgressRecord, fail: (message: string) => never): string {
  const integer = (field: string, value: number): string => {
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) fail(`ProgressRecord.${field} must be an Int32`);
    return String(value);
  };
  const field = (tag: string, text: string): string => `<${tag}>${text}</${tag}>`;
  return (
    field(PROGRESS_FIELD.activity, encodeElementText(record.activity)) +
    field(PROGRESS_FIELD.activityId, integer('activityId', record.activityId)) +
    (record.currentOperation === null ? '<Nil />' : `<S>${encodeElementText(record.currentOperation)}</S>`) +
    field(PROGRESS_FIELD.parentActivityId, integer('parentActivityId', record.parentActivityId)) +
    field(PROGRESS_FIELD.percentComplete, integer('percentComplete', record.percentComplete)) +
    field(PROGRESS_FIELD.recordType, encodeElementText(record.recordType)) +
    field(PROGRESS_FIELD.secondsRemaining, integer('secondsRemaining', record.secondsRemaining)) +
    field(PROGRESS_FIELD.statusDescription, encodeElementText(record.statusDescription)) +
    '</PR>'
  );
}
