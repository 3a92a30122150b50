/**
 * The fuzzing loop shared by scripts/fuzz.mjs (a million runs, by hand) and test/fuzz.test.ts (a short seeded slice
 * in npm test). Each run takes a real document, mutates it, and checks that:
 *  - deserialize / deserializeDocument either return or throw a ClixmlError (never anything else);
 *  - what they return serializes, reads back, and serializes to the same text again (a fixpoint) and prints;
 *  - the streaming reader, fed the same text in random chunks, agrees with the whole-text reader;
 *  - no run takes longer than `slowRunMs` (a hang or super-linear work would).
 * Deterministic for a seed: the same seed gives the same mutations.
 */

/** mulberry32: small, fast, good enough to pick mutations. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const XML_PIECES = [
  '<', '>', '/>', '</', '="', '"', "'", '&', ';', '&#x', '&#', '&amp;', '&lt;', '&#0;', '&#xD800;', '&#x1F600;', '_x', '_x000A_', '_xD800_', '_x005F_',
  ']]>', '<![CDATA[', '<!--', '-->', '<?', '?>', '<!DOCTYPE', '<!ENTITY', ' ', '\n', '\r', '\t', 'Obj', 'Ref', 'RefId="0"', 'RefId="1"', 'RefId="99"',
  'N="a"', 'N="__proto__"', 'S="Error"', 'TN', 'TNRef', 'T', 'MS', 'Props', 'LST', 'IE', 'STK', 'QUE', 'DCT', 'En', 'Key', 'Value', 'S', 'I32', 'I64',
  'U64', 'Sg', 'Db', 'D', 'DT', 'TS', 'BA', 'G', 'C', 'URI', 'SBK', 'Nil', 'PR', 'AV', 'ToString', 'Objs', '#< CLIXML', 'Future', '1', '-1', '2.5',
  '1e39', 'INF', 'NaN', 'x', 'é', '😀', '\u0000', '\ud800', '\ufffe', '\ufeff',
];

function mutate(text, next) {
  let out = text;
  // Mostly one small change, so that many mutants still read and the paths after reading are exercised too.
  const roll = next();
  const steps = roll < 0.6 ? 1 : roll < 0.85 ? 2 : 3 + Math.floor(next() * 3);
  for (let step = 0; step < steps; step++) {
    const at = out.length === 0 ? 0 : Math.floor(next() * out.length);
    switch (Math.floor(next() * 11)) {
      case 5:
      case 6:
      case 7:
      case 8:
      case 9: {
        // Replace a value's text: often still well-formed, so the value parsers see it.
        const open = out.indexOf('>', at);
        const close = open < 0 ? -1 : out.indexOf('<', open);
        if (close > open + 1 || close === open + 1) {
          const piece = XML_PIECES[Math.floor(next() * XML_PIECES.length)];
          out = out.slice(0, open + 1) + (next() < 0.5 ? piece : out.slice(open + 1, close) + piece) + out.slice(close);
        }
        break;
      }
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 40));
        break;
      case 1: {
        let piece = '';
        const count = 1 + Math.floor(next() * 5);
        for (let index = 0; index < count; index++) piece += XML_PIECES[Math.floor(next() * XML_PIECES.length)];
        out = out.slice(0, at) + piece + out.slice(at);
        break;
      }
      case 2: {
        const length = 1 + Math.floor(next() * 200);
        out = out.slice(0, at) + out.slice(at, at + length).repeat(2 + Math.floor(next() * 20)) + out.slice(at);
        break;
      }
      case 3:
        out = out.slice(0, at) + '<>"/&_x0 '[Math.floor(next() * 9)] + out.slice(at + 1);
        break;
      case 4: {
        // Move a piece elsewhere: tags end up unbalanced or misplaced.
        const length = 1 + Math.floor(next() * 100);
        const piece = out.slice(at, at + length);
        const rest = out.slice(0, at) + out.slice(at + length);
        const to = Math.floor(next() * (rest.length + 1));
        out = rest.slice(0, to) + piece + rest.slice(to);
        break;
      }
      default:
        // Cut short.
        out = out.slice(0, at);
    }
  }
  return out;
}

/** Small limits so that random nesting and repetition reach them quickly. */
export const TIGHT_LIMITS = { maxDepth: 40, maxElements: 5000, maxStringLength: 20_000, maxInputLength: 400_000, maxRetainedReferences: 20 };

/**
 * Runs `runs` mutated documents through `lib` (the package's exports). `corpus`: [{ text, kind: 'value' | 'document' }].
 * Returns counts; throws on the first failure, with the seed, run number and input to reproduce it.
 */
export function fuzz({ lib, corpus, seed, runs, from = 0, slowRunMs = 5000, onProgress }) {
  const counts = { runs: 0, read: 0, refused: {}, streamChecked: 0, slowestMs: 0 };
  for (let run = from; run < from + runs; run++) {
    // A generator per run, so that any run can be replayed alone (--from=N --runs=1).
    const next = random((Math.imul(seed, 0x9e3779b1) ^ Math.imul(run + 1, 0x85ebca6b)) >>> 0);
    const source = corpus[Math.floor(next() * corpus.length)];
    const text = mutate(source.text, next);
    const chunking = Math.floor(next() * 8) === 0 ? 1 + Math.floor(next() * 64) : 0;
    const started = performance.now();
    try {
      exercise(lib, text, source.kind, chunking, next, counts);
    } catch (error) {
      const failure = new Error(`fuzz run ${run} (seed ${seed}) failed: ${error instanceof Error ? error.message : String(error)}\ninput: ${JSON.stringify(text).slice(0, 2000)}`);
      failure.cause = error;
      throw failure;
    }
    const elapsed = performance.now() - started;
    counts.slowestMs = Math.max(counts.slowestMs, elapsed);
    if (elapsed > slowRunMs) {
      const failure = new Error(`fuzz run ${run} (seed ${seed}) took ${Math.round(elapsed)} ms: ${JSON.stringify(text).slice(0, 500)}`);
      failure.input = text;
      failure.kind = source.kind;
      failure.chunking = chunking;
      throw failure;
    }
    counts.runs++;
    if (onProgress !== undefined && counts.runs % 100_000 === 0) onProgress(counts);
  }
  return counts;
}

function attempt(lib, read, counts) {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (!(error instanceof lib.ClixmlError)) throw error;
    counts.refused[error.code] = (counts.refused[error.code] ?? 0) + 1;
    return { ok: false, code: error.code };
  }
}

function exercise(lib, text, kind, chunking, next, counts) {
  let whole = attempt(lib, () => (kind === 'value' ? lib.deserialize(text, TIGHT_LIMITS) : lib.deserializeDocumentEntries(text, TIGHT_LIMITS)), counts);
  if (whole.ok) {
    counts.read++;
    if (kind === 'value') {
      const written = lib.serialize(whole.value);
      const again = lib.serialize(lib.deserialize(written, { preserveNumberTypes: false }));
      if (lib.serialize(lib.deserialize(again)) !== again) throw new Error('serialize/deserialize did not reach a fixpoint');
      JSON.stringify(whole.value);
      String(whole.value);
    } else {
      const written = lib.serializeDocumentEntries(whole.value);
      lib.deserializeDocumentEntries(written);
    }
  }
  if (chunking > 0) {
    // The streaming reader agrees with the whole-text reader, however the text is cut (a message body is put
    // in an <Objs> document for it).
    counts.streamChecked++;
    if (kind === 'value') {
      text = `<Objs>${text}</Objs>`;
      whole = attempt(lib, () => lib.deserializeDocumentEntries(text, TIGHT_LIMITS), counts);
    }
    const streamed = attempt(lib, () => {
      const reader = new lib.ClixmlStreamReader({ ...TIGHT_LIMITS, maxElements: TIGHT_LIMITS.maxElements });
      const entries = [];
      for (let start = 0; start < text.length; ) {
        const length = 1 + Math.floor(next() * chunking * 4);
        entries.push(...reader.push(text.slice(start, start + length)));
        start += length;
      }
      entries.push(...reader.end());
      return entries;
    }, counts);
    // The stream counts limits per value, so it may read what the whole-text reader refuses for size; never the reverse.
    if (whole.ok && !streamed.ok && streamed.code !== 'CLIXML_ERR_REF') throw new Error(`stream refused (${streamed.code}) what the whole reader read`);
    if (whole.ok && streamed.ok && lib.serializeDocumentEntries(streamed.value) !== lib.serializeDocumentEntries(whole.value)) {
      throw new Error('stream and whole-text readers disagree');
    }
  }
}
