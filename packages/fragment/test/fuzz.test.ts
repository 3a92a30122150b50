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
import { Fragmenter, tsEngine } from '../src/index.js';
import { concatBytes, sameByteLists, sameBytes } from './bytes.js';
import { engines } from './engines.js';
import { BASE64_DELIVERIES, base64DefragmentOutcome, base64Outcome, decodeThenPushOutcome, defragmentOutcome } from './outcome.js';
import { SeededRandom } from './seeded-random.js';

const SEED = 0x5eed_f7a6;
const RANDOM_INPUTS = 4000;
const MUTATED_INPUTS = 8000;
const all = await engines();
const others = all.filter((engine) => engine !== tsEngine);

/** Splits bytes into 1..4 chunks at random points. */
function chunk(random: SeededRandom, bytes: Uint8Array): Uint8Array[] {
  const points = Array.from({ length: random.below(4) }, () => random.below(bytes.length + 1)).sort((a, b) => a - b);
  return [...points, bytes.length].map((point, index, all) => bytes.subarray(index === 0 ? 0 : all[index - 1]!, point));
}

function validStream(random: SeededRandom): Uint8Array {
  const fragmenter = new Fragmenter({ maxFragmentBytes: 22 + random.below(80), firstObjectId: 1 + random.below(3) });
  const messages = Array.from({ length: 1 + random.below(3) }, () => random.bytes(random.below(200)));
  return concatBytes(messages.flatMap((message) => fragmenter.fragment(message)));
}

const FRAGMENT_FIELD_OFFSETS = [7, 15, 16, 17, 20]; // ObjectId low byte, FragmentId low byte, flags, BlobLength

function mutateStream(random: SeededRandom, input: Uint8Array): Uint8Array {
  let bytes = input;
  for (let count = 1 + random.below(3); count > 0; count--) {
    const at = random.below(bytes.length + 1);
    switch (random.below(6)) {
      case 0: // flip a byte
        if (bytes.length > 0) bytes = bytes.slice(), (bytes[Math.min(at, bytes.length - 1)] = random.below(256));
        break;
      case 1: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 2: // duplicate a range (duplicate fragments)
        bytes = concatBytes([bytes.subarray(0, at), bytes.subarray(random.below(at + 1), at), bytes.subarray(at)]);
        break;
      case 3: // drop a range (skipped fragments)
        bytes = concatBytes([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + random.below(60)))]);
        break;
      case 4: // insert random bytes
        bytes = concatBytes([bytes.subarray(0, at), random.bytes(random.below(30)), bytes.subarray(at)]);
        break;
      default: // hit a header field of the first fragment: ids, flags, BlobLength
        if (bytes.length >= 21) bytes = bytes.slice(), (bytes[random.pick(FRAGMENT_FIELD_OFFSETS)] = random.pick([0, 1, 2, 3, 0x7f, 0xff]));
    }
  }
  return bytes;
}

const BASE64_JUNK = ['=', '-', '_', ' ', '\n', '\u00e9', '\u0163', '\ud83d', '!', '\u0000'];

function mutateBase64(random: SeededRandom, text: string): string {
  const at = random.below(text.length + 1);
  switch (random.below(4)) {
    case 0:
      return text.slice(0, at) + random.pick(BASE64_JUNK) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + random.pick(BASE64_JUNK) + text.slice(at);
    default:
      return text.replace(/=+$/, '') + '='.repeat(random.below(4));
  }
}

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

/** A stream's texts as a transport may cut them: one per chunk, sometimes with a text mutated. */
function mutatedTexts(random: SeededRandom, input: Uint8Array): string[] {
  const texts = chunk(random, input).map((piece) => tsEngine.encodeBase64(piece));
  if (random.below(4) === 0 && texts.length > 0) {
    const index = random.below(texts.length);
    texts[index] = mutateBase64(random, texts[index]!);
  }
  return texts;
}

function randomText(random: SeededRandom): string {
  // Mostly well-formed base64 of random bytes (so headers get read), sometimes arbitrary characters.
  if (random.below(3) > 0) return tsEngine.encodeBase64(random.bytes(random.below(120)));
  return Array.from({ length: random.below(40) }, () => String.fromCharCode(random.pick([random.below(128), random.below(0x10000)]))).join('');
}

describe.each(all)('fuzz Base64Defragmenter ($path path, $base64Path base64)', (engine) => {
  it(`${RANDOM_INPUTS} random and ${MUTATED_INPUTS} mutated inputs give what decode-then-push gives, throwing only FragmentErrors`, () => {
    const random = new SeededRandom(SEED + 2);
    const tally = { errors: 0, base64Errors: 0, messages: 0 };
    for (let index = 0; index < RANDOM_INPUTS + MUTATED_INPUTS; index++) {
      const texts =
        index < RANDOM_INPUTS
          ? Array.from({ length: 1 + random.below(3) }, () => randomText(random))
          : mutatedTexts(random, mutateStream(random, validStream(random)));
      const options = { maxObjectBytes: 1 + random.below(400), maxObjectsInFlight: 1 + random.below(4) };
      const reference = decodeThenPushOutcome(texts, options);
      // Each delivery in turn; a small retainBytes so that recycled memory gets dropped too.
      const delivery = BASE64_DELIVERIES[index % BASE64_DELIVERIES.length];
      const actual = base64DefragmentOutcome(engine, texts, { ...options, retainBytes: random.below(600) }, delivery);
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
