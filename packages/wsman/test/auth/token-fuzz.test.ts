/**
 * The seeded slice of the authentication token fuzzer that npm test runs (issue 12); scripts/fuzz.mjs runs the same
 * cases by the million. What each input must satisfy is in token-fuzz-cases.ts.
 */
import { expect, it } from 'vitest';
import { SeededRandom } from '../../../../test-support/seeded-random.js';
import { TOKEN_DECODERS, tokenCase } from './token-fuzz-cases.js';

const SEED = 0x70ce_2e11;
const INPUTS = 5_500;

it(`${INPUTS} NTLM, SPNEGO, Kerberos and credential cache inputs (seed ${SEED.toString(16)}): only format errors`, () => {
  const random = new SeededRandom(SEED);
  const accepted = new Map<string, number>(TOKEN_DECODERS.map((name) => [name, 0]));
  for (let index = 0; index < INPUTS; index++) {
    const { decoder, accepted: ok } = tokenCase(random, index);
    if (ok) accepted.set(decoder, accepted.get(decoder)! + 1);
  }
  if (process.env.PSRP_HOSTILE_FIGURES) console.info(accepted);
  // Not vacuous for the decoders whose input the generator can shape well enough to be read whole.
  for (const name of TOKEN_DECODERS.filter((decoder) => decoder !== 'credential cache')) expect(accepted.get(name), name).toBeGreaterThan(0);
});
