/**
 * MS-PSRP 2.2.3.17 ProgressRecord, the body of PROGRESS_RECORD.
 */
import type { PSObject } from '@psrp/clixml';
import { readOptionalString } from './message-fields.js';

export class ProgressRecord {
  readonly activity: string;
  readonly activityId: number;
  readonly parentActivityId: number;
  readonly statusDescription: string | null;
  readonly currentOperation: string | null;
  readonly percentComplete: number;
  readonly secondsRemaining: number;
  /** `Processing` or `Completed`. */
  readonly recordType: string;

  constructor(readonly object: PSObject) {
    const number = (name: string, fallback: number): number => {
      const value = object.get(name);
      return typeof value === 'number' ? value : fallback;
    };
    this.activity = readOptionalString(object, 'Activity') ?? '';
    this.activityId = number('ActivityId', 0);
    this.parentActivityId = number('ParentActivityId', -1);
    this.statusDescription = readOptionalString(object, 'StatusDescription');
    this.currentOperation = readOptionalString(object, 'CurrentOperation');
    this.percentComplete = number('PercentComplete', -1);
    this.secondsRemaining = number('SecondsRemaining', -1);
    const type = object.get('Type');
    this.recordType =
      type && typeof type === 'object' && 'toStringValue' in type && typeof type.toStringValue === 'string'
        ? type.toStringValue
        : 'Processing';
  }
}
