/**
 * The decoders scripts/fuzz.mjs runs, each over the same cases the seeded slices of npm test use. Bundled
 * by esbuild at run time; not part of any package.
 */
import { syncEngine } from '../../packages/fragment/src/index.js';
import { base64DefragmenterCase } from '../../packages/fragment/test/fuzz-cases.js';
import { sameByteLists } from '../../packages/fragment/test/bytes.js';
import { LineFuzzPeer, lineCase, type LineTally } from '../../packages/client/test/hostile/line-fuzz-cases.js';
import { soapCase } from '../../packages/wsman/test/soap/soap-fuzz-cases.js';
import { tokenCase } from '../../packages/wsman/test/auth/token-fuzz-cases.js';
import { SeededRandom } from '../../test-support/seeded-random.js';
import { clixmlCase, clixmlFuzzCorpus, newClixmlFuzzTally } from '../../packages/clixml/test/clixml-fuzz-cases.js';

export interface FuzzRun {
  /** What one input is. */
  readonly unit: string;
  /** Runs until `inputs` inputs went through; calls `progress` now and then; returns the tally. Throws on a finding. */
  run(seed: number, inputs: number, progress: (done: number) => void): Record<string, number>;
}

const PROGRESS_EVERY = 100_000;
/** The oracle costs five readers: the long run asks it for every 10th input. */
const SOAP_ORACLE_EVERY = 10;

/** An outcome's error as text (its fields may hold bigints). */
function describe(error: unknown): string {
  return JSON.stringify(error, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

export const runs: Record<string, FuzzRun> = {
  fragments: {
    unit: 'Base64Defragmenter inputs (1 to 4 base64 texts each: random texts for the first third, then mutated fragment streams), on the default engine against decode-then-push on TS',
    run(seed, inputs, progress) {
      const random = new SeededRandom(seed);
      const tally = { inputs: 0, errors: 0, messages: 0 };
      for (let index = 0; index < inputs; index++) {
        const { reference, actual } = base64DefragmenterCase(syncEngine, random, index, Math.floor(inputs / 3));
        if (describe(actual.error) !== describe(reference.error) || actual.finished !== reference.finished || !sameByteLists(actual.messages, reference.messages)) {
          throw new Error(`fragments: input ${index} (seed ${seed}) differs from decode-then-push`);
        }
        tally.inputs += 1;
        tally.errors += reference.error === undefined ? 0 : 1;
        tally.messages += reference.messages.length;
        if (index % PROGRESS_EVERY === 0) progress(index);
      }
      return tally;
    },
  },
  soap: {
    unit: 'XML documents (generated, mutated, random token strings in turn) through readXml and parseResponse (which runs parseEnvelope); every 10th also against the fast-xml-parser reader',
    run(seed, inputs, progress) {
      const random = new SeededRandom(seed);
      const tally: Record<string, number> = { inputs: 0, generated: 0, accepted: 0, refused: 0, 'refused-by-both': 0 };
      for (let index = 0; index < inputs; index++) {
        tally[soapCase(random, index, SOAP_ORACLE_EVERY)]! += 1;
        tally.inputs! += 1;
        if (index % PROGRESS_EVERY === 0) progress(index);
      }
      return tally;
    },
  },
  lines: {
    unit: 'out-of-proc lines (in batches of 1 to 30 lines, LF or CRLF, cut into chunks) through LineSplitter, parsePacket and an opened RunspacePoolMachine',
    run(seed, inputs, progress) {
      const random = new SeededRandom(seed);
      const peer = new LineFuzzPeer();
      const tally: LineTally & { inputs: number; batches: number } = { inputs: 0, batches: 0, lines: 0, packets: 0, refusedLines: 0, poolFailures: 0, pipelineFailures: 0, events: 0 };
      let reported = 0;
      while (tally.lines < inputs) {
        lineCase(random, peer, tally);
        tally.batches += 1;
        if (tally.lines - reported >= PROGRESS_EVERY) progress((reported = tally.lines));
      }
      tally.inputs = tally.lines;
      return { ...tally };
    },
  },
  clixml: {
    unit: 'mutants of recorded PSRP message bodies and #< CLIXML fixtures (1 to 5 mutations each) through deserialize or deserializeDocumentEntries, re-serialized to a fixpoint when they read; each mutant also through the common-form reader as a value and as a document, against the general reader (commonFormRead: what it read); one in 8 also through ClixmlStreamReader in random chunks, against the whole-text reader; each value mutant also as UTF-8 through deserializeUtf8 (the wasm byte search, the native decoders, pieces), against deserialize of its decoded text (same value, or refused too)',
    run(seed, inputs, progress) {
      const corpus = clixmlFuzzCorpus();
      const tally = newClixmlFuzzTally();
      for (let index = 0; index < inputs; index++) {
        clixmlCase(corpus, seed, index, tally);
        if (index % PROGRESS_EVERY === 0) progress(index);
      }
      const { refused, slowestMs, runs, ...counts } = tally;
      const prefixed = Object.fromEntries(Object.entries(refused).map(([code, count]) => [`refused ${code}`, count]));
      return { inputs: runs, ...counts, ...prefixed, corpusDocuments: corpus.length, slowestMs: Math.round(slowestMs) };
    },
  },
  tokens: {
    unit: 'NTLM, SPNEGO, Kerberos and credential cache inputs (each decoder in turn)',
    run(seed, inputs, progress) {
      const random = new SeededRandom(seed);
      const tally: Record<string, number> = { inputs: 0, accepted: 0 };
      for (let index = 0; index < inputs; index++) {
        if (tokenCase(random, index).accepted) tally.accepted! += 1;
        tally.inputs! += 1;
        if (index % PROGRESS_EVERY === 0) progress(index);
      }
      return tally;
    },
  },
};
