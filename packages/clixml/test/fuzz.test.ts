/**
 * Fuzzing with fixed seeds and bounded run counts: mutated recorded bodies (from ../shared; missing
 * fixtures fail naming every path looked at) and random XML-like text must only ever throw ClixmlError, the
 * streaming reader must agree with the whole-text reader, and random values must reach a serialization fixpoint.
 * The root scripts/fuzz.mjs --decoder=clixml runs the cases of clixml-fuzz-cases.ts by the million (see the README).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ClixmlError,
  deserialize,
  deserializeDocument,
  PSChar,
  PSDictionary,
  PSGuid,
  PSNumber,
  PSObject,
  PSTimeSpan,
  serialize,
  type PsValue,
} from '../src/index.js';
import { recordedPsrpMessages } from '../../../test-support/recorded-messages.js';
import { clixmlCase, newClixmlFuzzTally, XML_PIECES, type FuzzDocument } from './clixml-fuzz-cases.js';

const CORPUS_SIZE = 80;
const corpus = [...new Set(recordedPsrpMessages().map((message) => message.body))]
  .filter((body) => body.length > 0)
  .sort((left, right) => left.length - right.length)
  .filter((_, index, all) => index % Math.max(1, Math.floor(all.length / CORPUS_SIZE)) === 0);

/** Small limits so that random nesting and repetition reach them quickly. */
const TIGHT_LIMITS = { maxDepth: 20, maxElements: 2000, maxStringLength: 5000, maxInputLength: 200_000 };

function onlyClixmlErrors(run: () => unknown): boolean {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ClixmlError)) throw error;
  }
  return true;
}

/** Deserializes, and when that succeeds also serializes the result and reads it back. */
function exercise(text: string): boolean {
  return onlyClixmlErrors(() => {
    const value = deserialize(text, TIGHT_LIMITS);
    deserialize(serialize(value));
    JSON.stringify(value);
  });
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.array(fc.constantFrom(...XML_PIECES), { maxLength: 6 }).map((parts) => parts.join('')) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 2, max: 30 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), char: fc.constantFrom('<', '>', '"', '/', '&', '_', 'x', '0', ' ') }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, steps: readonly Mutation[]): string {
  let out = text;
  for (const step of steps) {
    const at = out.length === 0 ? 0 : step.at % out.length;
    switch (step.kind) {
      case 'delete':
        out = out.slice(0, at) + out.slice(at + step.length);
        break;
      case 'insert':
        out = out.slice(0, at) + step.text + out.slice(at);
        break;
      case 'duplicate':
        out = out.slice(0, at) + out.slice(at, at + step.length).repeat(step.times) + out.slice(at);
        break;
      case 'replace':
        out = out.slice(0, at) + step.char + out.slice(at + 1);
        break;
    }
  }
  return out;
}

describe('fuzz', () => {
  test('the corpus covers many recorded bodies', () => {
    expect(corpus.length).toBeGreaterThan(50);
  });

  test('mutated recorded bodies only ever throw ClixmlError', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, steps) =>
        exercise(mutate(corpus[index] ?? '', steps)),
      ),
      { seed: 20240601, numRuns: 4000 },
    );
  });

  test('a seeded slice of scripts/fuzz.mjs: mutated bodies and documents, whole and streamed in random chunks', () => {
    const documents: FuzzDocument[] = [...corpus.map((text) => ({ text, kind: 'value' as const })), { text: `<Objs>${corpus.slice(0, 20).join('')}</Objs>`, kind: 'document' }];
    const counts = newClixmlFuzzTally();
    for (let run = 0; run < 3000; run++) clixmlCase(documents, 9, run, counts, 15_000);
    expect(counts.runs).toBe(3000);
    expect(counts.read).toBeGreaterThan(300);
    expect(counts.streamChecked).toBeGreaterThan(100);
  });

  test('random XML-like text only ever throws ClixmlError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...XML_PIECES), { maxLength: 80 }), (parts) => exercise(parts.join(''))),
      { seed: 7, numRuns: 4000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) =>
        onlyClixmlErrors(() => deserializeDocument(`#< CLIXML\n<Objs>${text}</Objs>`, TIGHT_LIMITS)),
      ),
      { seed: 8, numRuns: 2000 },
    );
  });

  test('random values reach a serialization fixpoint', () => {
    const leaf: fc.Arbitrary<PsValue> = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.integer(),
      fc.double(),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.integer({ min: 0, max: 0xffff }).map((code) => new PSChar(code)),
      fc.uuid().map((text) => new PSGuid(text)),
      fc.bigInt({ min: -(2n ** 50n), max: 2n ** 50n }).map((ticks) => new PSTimeSpan(ticks)),
      fc.integer({ min: -32768, max: 32767 }).map((value) => PSNumber.int16(value)),
      fc.uint8Array({ maxLength: 10 }),
      fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
    );
    const { value } = fc.letrec<{ value: PsValue }>((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }),
        fc.record({
          typeNames: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
          toStringValue: fc.option(fc.string({ unit: 'binary', maxLength: 8 })),
          adapted: fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 3 }),
          extended: fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 3 }),
        }).map((init) => new PSObject(init)),
        fc.array(fc.tuple(fc.string({ maxLength: 5 }), tie('value')), { maxLength: 3 }).map((entries) => new PSDictionary(entries)),
      ),
    }));
    fc.assert(
      fc.property(value, (input) => {
        const text = serialize(input);
        expect(serialize(deserialize(text, { preserveNumberTypes: true }))).toBe(text);
      }),
      { seed: 11, numRuns: 1500 },
    );
  });
});
