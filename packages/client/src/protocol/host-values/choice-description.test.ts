import { PSObject, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { PsrpProtocolError } from '../../errors.js';
import { fromChoiceDescription, fromChoiceDescriptions, toChoiceDescription } from './choice-description.js';
import { arrayList } from './host-encoding.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('round trips', () => {
  test('ChoiceDescription', () => {
    const choice = { label: '&Yes', helpMessage: 'Do it' };
    expect(fromChoiceDescription(roundTrip(toChoiceDescription(choice)))).toEqual(choice);
    expect(fromChoiceDescriptions(roundTrip(arrayList([toChoiceDescription(choice)])))).toEqual([choice]);
    expect(fromChoiceDescription(new PSObject({ extended: { label: 'x' } }))).toEqual({ label: 'x', helpMessage: '' });
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  const object = (extended: Record<string, PsValue>): PSObject => new PSObject({ extended });
  test.each<[string, () => unknown]>([
    ['ChoiceDescription without label', () => fromChoiceDescription(object({ helpMessage: 'h' }))],
    ['choices that are a string', () => fromChoiceDescriptions('Yes')],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});
