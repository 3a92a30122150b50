/**
 * Fuzz run of the Defragmenter and the base64 decoders on random and mutated input, seeded so it
 * is repeatable. Every engine must only ever throw FragmentErrors and must agree with the TS
 * reference on every input. Counts: 12,000 defragmenter inputs (4,000 random, 8,000 mutated
 * streams) and 12,000 base64 inputs (4,000 random, 8,000 mutated), each on every engine; and
 * 12,000 inputs of base64 texts to Base64Defragmenter (4,000 random texts, 8,000 mutated streams
 * and texts; a third each handed over, lent, and alternating), on every engine the TS one included,
 * against decode-then-push on TS.
 */
import { describe, expect, it } from 'vitest';
import { tsEngine } from '../src/index.js';
import { sameByteLists, sameBytes } from './bytes.js';
import { engines } from './engines.js';
import { base64DefragmenterCase, chunk, mutateBase64, mutateStream, validStream } from './fuzz-cases.js';
import { base64Outcome, defragmentOutcome } from './outcome.js';
import { SeededRandom } from '../../../test-support/seeded-random.js';

const SEED = 0x5eed_f7a6;
const RANDOM_INPUTS = 4000;
const MUTATED_INPUTS = 8000;
const all = await engines();
const others = all.filter((engine) => engine !== tsEngine);

describe.each(others)('fuzz ($path path, $base64Path base64)', (engine) => {
  it(`defragmenter: ${RANDOM_INPUTS} random and ${MUTATED_INPUTS} mutated inputs agree with TS and throw only FragmentErrors`, () => {
    const random = new SeededRandom(SEED);
    const tally = { errors: 0, messages: 0 };
    for (let index = 0; index < RANDOM_INPUTS + MUTATED_INPUTS; index++) {
      const input = index < RANDOM_INPUTS ? random.bytes(random.below(300)) : mutateStream(random, validStream(random));
      const chunks = chunk(random, input);
      const options = { maxObjectBytes: 1 + random.below(400), maxObjectsInFlight: 1 + random.below(4) };
      const reference = defragmentOutcome(tsEngine, chunks, options);
      const actual = defragmentOutcome(engine, chunks, options);
      expect(actual.error, `input ${index}`).toEqual(reference.error);
      expect(sameByteLists(actual.messages, reference.messages), `input ${index}`).toBe(true);
      tally.errors += reference.error === undefined ? 0 : 1;
      tally.messages += reference.messages.length;
    }
    // Not vacuous: both failures and successes were exercised.
    expect(tally.errors).toBeGreaterThan(RANDOM_INPUTS);
    expect(tally.messages).toBeGreaterThan(MUTATED_INPUTS / 8);
  });

  it(`base64: ${RANDOM_INPUTS} random and ${MUTATED_INPUTS} mutated strings agree with TS and throw only FragmentErrors`, () => {
    const random = new SeededRandom(SEED + 1);
    let invalid = 0;
    for (let index = 0; index < RANDOM_INPUTS + MUTATED_INPUTS; index++) {
      const text =
        index < RANDOM_INPUTS
          ? Array.from({ length: random.below(24) }, () => String.fromCharCode(random.pick([random.below(128), random.below(0x10000)]))).join('')
          : mutateBase64(random, tsEngine.encodeBase64(random.bytes(random.below(60))));
      const reference = base64Outcome(tsEngine, text);
      const actual = base64Outcome(engine, text);
      if (reference instanceof Uint8Array) {
        expect(actual instanceof Uint8Array && sameBytes(actual, reference), JSON.stringify(text)).toBe(true);
      } else {
        expect(actual, JSON.stringify(text)).toEqual(reference);
        invalid += 1;
      }
    }
    expect(invalid).toBeGreaterThan(RANDOM_INPUTS);
    expect(invalid).toBeLessThan(RANDOM_INPUTS + MUTATED_INPUTS);
  });
});

describe.each(all)('fuzz Base64Defragmenter ($path path, $base64Path base64)', (engine) => {
  it(`${RANDOM_INPUTS} random and ${MUTATED_INPUTS} mutated inputs give what decode-then-push gives, throwing only FragmentErrors`, () => {
    const random = new SeededRandom(SEED + 2);
    const tally = { errors: 0, base64Errors: 0, messages: 0 };
    for (let index = 0; index < RANDOM_INPUTS + MUTATED_INPUTS; index++) {
      const { reference, actual } = base64DefragmenterCase(engine, random, index, RANDOM_INPUTS);
      expect(actual.error, `input ${index}`).toEqual(reference.error);
      expect(actual.finished, `input ${index}`).toBe(reference.finished);
      expect(sameByteLists(actual.messages, reference.messages), `input ${index}`).toBe(true);
      tally.errors += reference.error === undefined ? 0 : 1;
      tally.base64Errors += reference.error?.code === 'FRAGMENT_ERR_BASE64' ? 1 : 0;
      tally.messages += reference.messages.length;
    }
    // Not vacuous: fragment errors, base64 errors and messages were all exercised.
    expect(tally.errors - tally.base64Errors).toBeGreaterThan(RANDOM_INPUTS);
    expect(tally.base64Errors).toBeGreaterThan(RANDOM_INPUTS / 8);
    expect(tally.messages).toBeGreaterThan(MUTATED_INPUTS / 8);
  });
});
