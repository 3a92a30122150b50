/**
 * The inputs of the fragment fuzzers, shared by the seeded slice npm test runs (fuzz.test.ts) and the long run of
 * scripts/fuzz.mjs (issue 12): random and mutated fragment streams, cut into chunks and base64 texts as transports
 * cut them, and one Base64Defragmenter case checked against decode-then-push on TS.
 */
import { Fragmenter, tsEngine, type FragmentEngine } from '../src/index.js';
import { concatBytes } from './bytes.js';
import { BASE64_DELIVERIES, base64DefragmentOutcome, decodeThenPushOutcome, type Outcome } from './outcome.js';
import type { SeededRandom } from '../../../test-support/seeded-random.js';

/** Splits bytes into 1..4 chunks at random points. */
export function chunk(random: SeededRandom, bytes: Uint8Array): Uint8Array[] {
  const points = Array.from({ length: random.below(4) }, () => random.below(bytes.length + 1)).sort((a, b) => a - b);
  return [...points, bytes.length].map((point, index, all) => bytes.subarray(index === 0 ? 0 : all[index - 1]!, point));
}

export function validStream(random: SeededRandom): Uint8Array {
  const fragmenter = new Fragmenter({ maxFragmentBytes: 22 + random.below(80), firstObjectId: 1 + random.below(3) });
  const messages = Array.from({ length: 1 + random.below(3) }, () => random.bytes(random.below(200)));
  return concatBytes(messages.flatMap((message) => fragmenter.fragment(message)));
}

export const FRAGMENT_FIELD_OFFSETS = [7, 15, 16, 17, 20]; // ObjectId low byte, FragmentId low byte, flags, BlobLength

export function mutateStream(random: SeededRandom, input: Uint8Array): Uint8Array {
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

export const BASE64_JUNK = ['=', '-', '_', ' ', '\n', '\u00e9', '\u0163', '\ud83d', '!', '\u0000'];

export function mutateBase64(random: SeededRandom, text: string): string {
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

/** A stream's texts as a transport may cut them: one per chunk, sometimes with a text mutated. */
export function mutatedTexts(random: SeededRandom, input: Uint8Array): string[] {
  const texts = chunk(random, input).map((piece) => tsEngine.encodeBase64(piece));
  if (random.below(4) === 0 && texts.length > 0) {
    const index = random.below(texts.length);
    texts[index] = mutateBase64(random, texts[index]!);
  }
  return texts;
}

export function randomText(random: SeededRandom): string {
  // Mostly well-formed base64 of random bytes (so headers get read), sometimes arbitrary characters.
  if (random.below(3) > 0) return tsEngine.encodeBase64(random.bytes(random.below(120)));
  return Array.from({ length: random.below(40) }, () => String.fromCharCode(random.pick([random.below(128), random.below(0x10000)]))).join('');
}


/**
 * One Base64Defragmenter input (random texts for the first `randomInputs` indexes, then mutated streams), run on
 * `engine` with the delivery of its index and against decode-then-push on TS. The outcomes must be equal; anything
 * but a FragmentError thrown on the way fails (outcome.ts rethrows it).
 */
export function base64DefragmenterCase(engine: FragmentEngine, random: SeededRandom, index: number, randomInputs: number): { reference: Outcome; actual: Outcome } {
  const texts =
    index < randomInputs
      ? Array.from({ length: 1 + random.below(3) }, () => randomText(random))
      : mutatedTexts(random, mutateStream(random, validStream(random)));
  const options = { maxObjectBytes: 1 + random.below(400), maxObjectsInFlight: 1 + random.below(4) };
  const reference = decodeThenPushOutcome(texts, options);
  // Each delivery in turn; a small retainBytes so that recycled memory gets dropped too.
  const delivery = BASE64_DELIVERIES[index % BASE64_DELIVERIES.length];
  const actual = base64DefragmentOutcome(engine, texts, { ...options, retainBytes: random.below(600) }, delivery);
  return { reference, actual };
}


