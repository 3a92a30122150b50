import { PSDictionary, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { fromChoiceSelection, fromPromptResult, toChoiceResult, toChoiceSelection, toPromptResult } from './prompt-results.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('round trips', () => {
  test('Prompt result: a Hashtable of field name to answer', () => {
    const result = toPromptResult({ a: 'x', n: 3 });
    expect(serialize(result)).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN>' +
        '<DCT><En><S N="Key">a</S><S N="Value">x</S></En><En><S N="Key">n</S><I32 N="Value">3</I32></En></DCT></Obj>',
    );
    expect(fromPromptResult(roundTrip(result))).toEqual(new Map<string, PsValue>([['a', 'x'], ['n', 3]]));
    expect(toPromptResult(new Map([['k', null]]))).toEqual(new Map([['k', null]]));
  });

  test('choice results: Int32, and an ArrayList of Int32', () => {
    expect(serialize(toChoiceResult(2))).toBe('<I32>2</I32>');
    expect(serialize(toChoiceSelection([0, 2]))).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Collections.ArrayList</T><T>System.Object</T></TN><LST><I32>0</I32><I32>2</I32></LST></Obj>',
    );
    expect(fromChoiceSelection(roundTrip(toChoiceSelection([0, 2])))).toEqual([0, 2]);
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  test.each<[string, () => unknown]>([
    ['a Prompt result that is a list', () => fromPromptResult(['a'])],
    ['a Prompt result with a number key', () => fromPromptResult(new PSDictionary([[1, 'a']]))],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});

describe('writers reject what a host must not answer with PsrpHostError', () => {
  test.each<[string, () => unknown]>([
    ['a choice that is a fraction', () => toChoiceResult(1.5)],
    ['choices that are no array', () => toChoiceSelection(3 as never)],
  ])('%s', (_name, write) => {
    expect(write).toThrow(PsrpHostError);
  });
});
