import { PSObject, PSProgressRecord, deserialize, psEnum, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { PsrpProtocolError } from '../../errors.js';
import { fromHostProgressRecord } from './host-progress-record.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('round trips', () => {
  test('ProgressRecord from its object form and from a <PR>', () => {
    const object = new PSObject({
      extended: {
        Activity: 'act',
        ActivityId: 2,
        StatusDescription: 'st',
        CurrentOperation: null,
        ParentActivityId: -1,
        PercentComplete: 50,
        Type: psEnum('System.Management.Automation.ProgressRecordType', 'Completed', 1),
        SecondsRemaining: -1,
      },
    });
    expect(fromHostProgressRecord(roundTrip(object))).toMatchObject({ activity: 'act', activityId: 2, percentComplete: 50, recordType: 'Completed' });
    const pr = new PSProgressRecord({ activity: 'a', activityId: 4, statusDescription: 's', recordType: 'Processing' });
    expect(fromHostProgressRecord(pr)).toMatchObject({ activity: 'a', activityId: 4, statusDescription: 's', recordType: 'Processing' });
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  test.each<[string, () => unknown]>([
    ['a ProgressRecord that is a string', () => fromHostProgressRecord('50%')],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});
