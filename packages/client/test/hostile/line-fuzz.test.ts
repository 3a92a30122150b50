/**
 * The seeded slice of the out-of-proc line fuzzer that npm test runs (issue 12); scripts/fuzz.mjs runs the same cases
 * by the million. What each batch of lines must satisfy is in line-fuzz-cases.ts.
 */
import { expect, it } from 'vitest';
import { SeededRandom } from '../../../../test-support/seeded-random.js';
import { LineFuzzPeer, lineCase, type LineTally } from './line-fuzz-cases.js';

const SEED = 0x11e5_f00d;
const CASES = 2000;

it(`${CASES} batches of lines (seed ${SEED.toString(16)}): only PsrpErrors, bad pipeline data fails its pipeline, no state for unknown ids`, () => {
  const random = new SeededRandom(SEED);
  const peer = new LineFuzzPeer();
  const tally: LineTally = { lines: 0, packets: 0, refusedLines: 0, poolFailures: 0, pipelineFailures: 0, events: 0 };
  for (let index = 0; index < CASES; index++) lineCase(random, peer, tally);
  if (process.env.PSRP_HOSTILE_FIGURES) console.info(tally);
  // Not vacuous: lines were refused and read, the pool broke and pipelines failed, and messages came through.
  expect(tally.refusedLines).toBeGreaterThan(CASES / 10);
  expect(tally.packets).toBeGreaterThan(CASES);
  expect(tally.poolFailures).toBeGreaterThan(10);
  expect(tally.pipelineFailures).toBeGreaterThan(10);
  expect(tally.events).toBeGreaterThan(CASES / 10);
});
