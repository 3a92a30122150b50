/**
 * The seeded slice of the SOAP fuzzer that npm test runs (issue 12); scripts/fuzz.mjs runs the same cases by the
 * million. What each input must satisfy is in soap-fuzz-cases.ts.
 */
import { expect, it } from 'vitest';
import { SeededRandom } from '../../../../test-support/seeded-random.js';
import { soapCase, type SoapOutcome } from './soap-fuzz-cases.js';

const SEED = 0x50a9_f22e;
const INPUTS = 2100;

it(`${INPUTS} generated, mutated and random documents (seed ${SEED.toString(16)}): only WSManParseError, nothing the old reader refuses`, () => {
  const random = new SeededRandom(SEED);
  const tally: Record<SoapOutcome, number> = { generated: 0, accepted: 0, refused: 0, 'refused-by-both': 0 };
  for (let index = 0; index < INPUTS; index++) tally[soapCase(random, index)] += 1;
  // Not vacuous: generated documents read back, mutated ones were both accepted and refused.
  expect(tally.generated).toBe(INPUTS / 3);
  expect(tally.accepted).toBeGreaterThan(INPUTS / 30);
  expect(tally['refused-by-both']).toBeGreaterThan(INPUTS / 10);
});
