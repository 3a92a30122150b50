/**
 * What the prompting methods answer with: Prompt's dictionary of field name to answer, PromptForChoice's index
 * and PromptForChoiceMultipleSelection's collection of indexes.
 */
import { PSObject, type PsValue } from '@psrp/clixml';
import { PsrpHostError } from '../../errors.js';
import type { SecureString } from '../secure-string.js';
import { arrayList, checkString, invalid, readHostInt32, readHostList, readHostString, toInt32 } from './host-encoding.js';
import { asBodyValue } from './host-secrets.js';

/**
 * Prompt's result, a Dictionary<string, PSObject>: a Hashtable `<Obj>` of field name -> answer (as in the spec's
 * PSCredential example and what PowerShell's client sends).
 */
export function toPromptResult(
  answers: ReadonlyMap<string, PsValue | SecureString> | Readonly<Record<string, PsValue | SecureString>>,
): Map<string, PsValue> {
  const entries = answers instanceof Map ? [...answers] : Object.entries(answers);
  const result = new Map<string, PsValue>();
  for (const [name, answer] of entries) result.set(checkString(name, 'a Prompt field name'), asBodyValue(answer));
  return result;
}

export function fromPromptResult(value: PsValue | undefined, what = 'Prompt result'): Map<string, PsValue> {
  const dictionary = value instanceof PSObject ? value.baseValue : value;
  if (!(dictionary instanceof Map)) throw invalid(what, 'a dictionary', value);
  const result = new Map<string, PsValue>();
  for (const [key, answer] of dictionary) result.set(readHostString(key, `${what} key`), answer);
  return result;
}

/** PromptForChoice's result: the Int32 index of the choice. */
export function toChoiceResult(index: number): number {
  return toInt32(index, 'the chosen index');
}

/** PromptForChoiceMultipleSelection's result, a Collection<int>: an ArrayList of Int32. */
export function toChoiceSelection(indexes: readonly number[]): PSObject {
  if (!Array.isArray(indexes)) throw new PsrpHostError(`The host returned ${typeof indexes} for the chosen indexes, which should be an array`);
  return arrayList(indexes.map((index, position) => toInt32(index, `the chosen index [${position}]`)));
}

export function fromChoiceSelection(value: PsValue | undefined, what = 'choice selection'): number[] {
  return readHostList(value, what).map((item, index) => readHostInt32(item, `${what}[${index}]`));
}
