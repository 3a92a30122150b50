/**
 * The ProgressRecord parameter of WriteProgress, which arrives as an `<Obj>` of its properties or as a `<PR>`;
 * either becomes the same ProgressRecord the progress stream yields.
 */
import { PSObject, PSProgressRecord, type PsValue } from '@psrp/clixml';
import { ProgressRecord } from '../progress-record.js';
import { readHostObject } from './host-encoding.js';

/** The ProgressRecord of a WriteProgress call: an `<Obj>` of its properties (or a `<PR>`). */
export function fromHostProgressRecord(value: PsValue | undefined, what = 'ProgressRecord'): ProgressRecord {
  if (value instanceof PSProgressRecord) {
    return new ProgressRecord(
      new PSObject({
        extended: {
          Activity: value.activity,
          ActivityId: value.activityId,
          StatusDescription: value.statusDescription,
          CurrentOperation: value.currentOperation,
          ParentActivityId: value.parentActivityId,
          PercentComplete: value.percentComplete,
          Type: new PSObject({ toStringValue: value.recordType }),
          SecondsRemaining: value.secondsRemaining,
        },
      }),
    );
  }
  return new ProgressRecord(readHostObject(value, what));
}
