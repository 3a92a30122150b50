/**
 * The XML examples of MS-PSRP, read from ../shared/reference/ms-psrp-examples.md by section heading, for the unit
 * tests that check a reader or writer against the spec's own bytes.
 */
import { readFileSync } from 'node:fs';
import { deserialize, type PSObject, type PsValue } from '@psrp/clixml';
import { sharedPath } from '../../../test-support/shared-folder.js';

const EXAMPLES = readFileSync(sharedPath('reference/ms-psrp-examples.md'), 'utf8');

/** The first ```xml block after `heading` in the spec examples. */
export function specXml(heading: string): string {
  const start = EXAMPLES.indexOf(heading);
  if (start < 0) throw new Error(`no section ${heading}`);
  return /```xml\n([\s\S]*?)```/.exec(EXAMPLES.slice(start))![1]!;
}

/** The `V` of a spec `{T, V}` example (2.2.3.1-2.2.3.3). */
export function specTypedValue(heading: string): { type: string; value: PsValue } {
  const object = deserialize(specXml(heading)) as PSObject;
  return { type: String(object.get('T')).trim(), value: object.get('V') as PsValue };
}
