/**
 * The CLIXML fuzz cases shared by the seeded slice npm test runs (test/fuzz.test.ts) and the long runs of the root
 * scripts/fuzz.mjs (issue 12). Each run takes a real document, mutates it, and checks that:
 *  - deserialize / deserializeDocumentEntries either return or throw a ClixmlError (never anything else);
 *  - what they return serializes, reads back, and serializes to the same text again (a fixpoint) and prints;
 *  - the streaming reader, fed the same text in random chunks, agrees with the whole-text reader;
 *  - the common-form reader (the first way of deserialize and deserializeDocument) reads only what the general reader
 *    reads, to the same value;
 *  - no run takes more than `slowRunMs` of CPU time (a hang or super-linear work would).
 * Deterministic for a seed: every run has its own generator, so any run can be replayed alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ClixmlError,
  ClixmlStreamReader,
  deserialize,
  deserializeDocumentEntries,
  deserializeUtf8,
  PSDictionary,
  PSMemberSet,
  PSObject,
  serialize,
  serializeDocumentEntries,
  type ClixmlDocumentEntry,
} from '../src/index.js';
import { ClixmlReader } from '../src/clixml-reader.js';
import { NOT_COMMON_FORM, readCommonForm, readCommonFormDocument } from '../src/common-form-reader.js';
import { resolveDeserializeSettings } from '../src/limits.js';
import type { PsValue } from '../src/value.js';
import { TEXT_ONE_BYTE, TEXT_UNCHECKED } from '../src/xml-chars.js';
import { isPropertyRecord } from '../src/values/property-record.js';
import { recordedPsrpMessages } from '../../../test-support/recorded-messages.js';
import { SeededRandom } from '../../../test-support/seeded-random.js';
import { sharedPath } from '../../../test-support/shared-folder.js';

export const XML_PIECES = [
  '<', '>', '/>', '</', '="', '"', "'", '&', ';', '&#x', '&#', '&amp;', '&lt;', '&#0;', '&#xD800;', '&#x1F600;', '_x', '_x000A_', '_xD800_', '_x005F_',
  ']]>', '<![CDATA[', '<!--', '-->', '<?', '?>', '<!DOCTYPE', '<!ENTITY', ' ', '\n', '\r', '\t', 'Obj', 'Ref', 'RefId="0"', 'RefId="1"', 'RefId="99"',
  'N="a"', 'N="__proto__"', 'S="Error"', 'TN', 'TNRef', 'T', 'MS', 'Props', 'LST', 'IE', 'STK', 'QUE', 'DCT', 'En', 'Key', 'Value', 'S', 'I32', 'I64',
  'U64', 'Sg', 'Db', 'D', 'DT', 'TS', 'BA', 'G', 'C', 'URI', 'SBK', 'Nil', 'PR', 'AV', 'ToString', 'Objs', '#< CLIXML', 'Future', '1', '-1', '2.5',
  '1e39', 'INF', 'NaN', 'x', 'é', '😀', '\u0000', '\ud800', '\ufffe', '\ufeff',
] as const;

/** Small limits so that random nesting and repetition reach them quickly. */
export const TIGHT_LIMITS = { maxDepth: 40, maxElements: 5000, maxStringLength: 20_000, maxInputLength: 400_000, maxRetainedReferences: 20 };

/** A text to mutate: one message body (`value`) or a whole `<Objs>` document. */
export interface FuzzDocument {
  readonly text: string;
  readonly kind: 'value' | 'document';
}

export interface ClixmlFuzzTally {
  runs: number;
  /** Mutants that read (and then re-serialized to a fixpoint). */
  read: number;
  /** Refusals by error code, the stream checks' included. */
  refused: Record<string, number>;
  /** Mutants also read in random chunks by the streaming reader. */
  streamChecked: number;
  /** Mutants (as a value and as a document) the common-form reader read, and the general reader read the same. */
  commonFormRead: number;
  slowestMs: number;
}

/** Every recorded PSRP message body and every `#< CLIXML` fixture of ../shared: the long runs' corpus. */
export function clixmlFuzzCorpus(): FuzzDocument[] {
  const bodies = [...new Set(recordedPsrpMessages().map((message) => message.body))].filter((body) => body.length > 0);
  const corpus: FuzzDocument[] = bodies.map((text) => ({ text, kind: 'value' }));
  // A long string of lines, as Get-Content -Raw sends it: past 96 KiB deserializeUtf8 reads it from its bytes (the
  // wasm unescape, pieces), so that mutants in its text meet that way's refusals and the reader behind them.
  corpus.push({ text: `<S>${`${'The quick brown fox jumps over the lazy dog. '.repeat(2)}_x000D__x000A_`.repeat(1_100)}</S>`, kind: 'value' });
  const fixtures = sharedPath('fixtures/clixml');
  for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.xml')).sort()) {
    corpus.push({ text: readFileSync(join(fixtures, name), 'utf8'), kind: 'document' });
  }
  return corpus;
}

function mutate(text: string, next: () => number): string {
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
          const piece = XML_PIECES[Math.floor(next() * XML_PIECES.length)]!;
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
        for (let index = 0; index < count; index++) piece += XML_PIECES[Math.floor(next() * XML_PIECES.length)]!;
        out = out.slice(0, at) + piece + out.slice(at);
        break;
      }
      case 2: {
        const length = 1 + Math.floor(next() * 200);
        out = out.slice(0, at) + out.slice(at, at + length).repeat(2 + Math.floor(next() * 20)) + out.slice(at);
        break;
      }
      case 3:
        out = out.slice(0, at) + '<>"/&_x0 '[Math.floor(next() * 9)]! + out.slice(at + 1);
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

/** A failing run, with what replays it. */
export class ClixmlFuzzFinding extends Error {
  constructor(
    message: string,
    readonly run: number,
    readonly seed: number,
    readonly input: string,
    options?: { cause: unknown },
  ) {
    super(`fuzz run ${run} (seed ${seed}): ${message}\ninput: ${JSON.stringify(input).slice(0, 2000)}`, options);
    this.name = 'ClixmlFuzzFinding';
  }
}

type Attempt<T> = { ok: true; value: T } | { ok: false; code: string };

function attempt<T>(read: () => T, tally: ClixmlFuzzTally): Attempt<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (!(error instanceof ClixmlError)) throw error;
    tally.refused[error.code] = (tally.refused[error.code] ?? 0) + 1;
    return { ok: false, code: error.code };
  }
}

/**
 * When the common-form reader reads `text`, the general reader (ClixmlReader, which alone reports errors) reads it too,
 * to the same value: compared as serialize() writes them (type names, ToString, every property in order, list tags,
 * references) and by the prototype of each property record.
 */
export function checkCommonForm(text: string, options: Parameters<typeof resolveDeserializeSettings>[0], tally?: ClixmlFuzzTally): void {
  const limits = resolveDeserializeSettings(options);
  if (text.length > limits.maxInputLength) return;
  const common = readCommonForm(text, limits, TEXT_UNCHECKED);
  // The other way of checking XML's characters (for text decodeUtf8 found one-byte) decides alike.
  if ((readCommonForm(text, limits, TEXT_ONE_BYTE) === NOT_COMMON_FORM) !== (common === NOT_COMMON_FORM)) {
    throw new Error('the common-form reader decided differently with the one-byte character check');
  }
  if (common === NOT_COMMON_FORM) return;
  let general: PsValue;
  try {
    general = ClixmlReader.read(text, limits, 'value').value;
  } catch (error) {
    throw new Error(`the common-form reader read what the general reader refuses: ${String(error)}`);
  }
  if (serialize(common) !== serialize(general)) throw new Error('the common-form and general readers read different values');
  if (!recordsInheritNothing(common)) throw new Error('the common-form reader made a property record that inherits');
  if (tally) tally.commonFormRead++;
}

/** checkCommonForm for a whole `<Objs>` document: the same entries, or the common-form reader gives up. */
export function checkCommonFormDocument(text: string, options: Parameters<typeof resolveDeserializeSettings>[0], tally?: ClixmlFuzzTally): void {
  const limits = resolveDeserializeSettings(options);
  if (text.length > limits.maxInputLength) return;
  const common = readCommonFormDocument(text, limits, TEXT_UNCHECKED);
  if ((readCommonFormDocument(text, limits, TEXT_ONE_BYTE) === NOT_COMMON_FORM) !== (common === NOT_COMMON_FORM)) {
    throw new Error('the common-form reader decided differently on a document with the one-byte character check');
  }
  if (common === NOT_COMMON_FORM) return;
  let general: ClixmlDocumentEntry[];
  try {
    general = ClixmlReader.read(text, limits, 'document').takeEntries();
  } catch (error) {
    throw new Error(`the common-form reader read a document the general reader refuses: ${String(error)}`);
  }
  if (serializeDocumentEntries(common) !== serializeDocumentEntries(general)) throw new Error('the common-form and general readers read different documents');
  if (!common.every((entry) => recordsInheritNothing(entry.value))) throw new Error('the common-form reader made a property record that inherits');
  if (tally) tally.commonFormRead++;
}

/** Every property record reachable from `value` is one that inherits nothing (isPropertyRecord). */
function recordsInheritNothing(value: PsValue): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    if (item instanceof PSObject) {
      if (!isPropertyRecord(item.adapted) || !isPropertyRecord(item.extended)) return false;
      pending.push(item.baseValue, ...Object.values(item.adapted), ...Object.values(item.extended));
    } else if (item instanceof PSMemberSet) {
      if (!isPropertyRecord(item.members)) return false;
      pending.push(...Object.values(item.members));
    } else if (item instanceof PSDictionary || item instanceof Map) {
      for (const [key, entry] of item) pending.push(key, entry);
    } else if (Array.isArray(item)) {
      pending.push(...item);
    }
  }
  return true;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** What a read ends in: the value as serialize() writes it, or that it was refused (a ClixmlError). */
function outcomeOf(read: () => PsValue): string {
  try {
    return `value ${serialize(read())}`;
  } catch (error) {
    if (!(error instanceof ClixmlError)) throw error;
    return 'refused';
  }
}

/**
 * The bytes' way (deserializeUtf8: the bytes searched for forbidden characters in wasm, the native decoders, pieces)
 * ends as reading the text TextDecoder makes of them does: the same value, or refused too. Which error an input with
 * several faults reports may differ (a long `<S>` read in pieces meets a limit before a bad character further on that
 * the whole text's check finds first); the error offsets of each way have tests of their own.
 */
function checkBytes(text: string): void {
  const bytes = utf8.encode(text);
  const fromBytes = outcomeOf(() => deserializeUtf8(bytes, TIGHT_LIMITS));
  const fromText = outcomeOf(() => deserialize(utf8Decoder.decode(bytes), TIGHT_LIMITS));
  if (fromBytes !== fromText) throw new Error(`deserializeUtf8 and deserialize ended differently: ${fromBytes.slice(0, 80)} / ${fromText.slice(0, 80)}`);
}

function exercise(text: string, kind: FuzzDocument['kind'], chunking: number, next: () => number, tally: ClixmlFuzzTally): void {
  if (kind === 'value') {
    checkCommonForm(text, TIGHT_LIMITS, tally);
    checkBytes(text);
    const whole = attempt(() => deserialize(text, TIGHT_LIMITS), tally);
    if (whole.ok) {
      tally.read++;
      const written = serialize(whole.value);
      const again = serialize(deserialize(written, { preserveNumberTypes: false }));
      if (serialize(deserialize(again)) !== again) throw new Error('serialize/deserialize did not reach a fixpoint');
      JSON.stringify(whole.value);
      String(whole.value);
    }
  }
  // A message body is put in an <Objs> document for the document readers.
  const document = kind === 'value' ? `<Objs>${text}</Objs>` : text;
  checkCommonFormDocument(document, TIGHT_LIMITS, tally);
  if (kind === 'document' || chunking > 0) {
    const whole = attempt(() => deserializeDocumentEntries(document, TIGHT_LIMITS), tally);
    if (kind === 'document' && whole.ok) {
      tally.read++;
      deserializeDocumentEntries(serializeDocumentEntries(whole.value));
    }
    if (chunking > 0) checkStream(document, whole, chunking, next, tally);
  }
}

/** The streaming reader agrees with the whole-text reader, however the text is cut. */
function checkStream(text: string, whole: Attempt<ClixmlDocumentEntry[]>, chunking: number, next: () => number, tally: ClixmlFuzzTally): void {
  tally.streamChecked++;
  const streamed = attempt(() => {
    const reader = new ClixmlStreamReader(TIGHT_LIMITS);
    const entries: ClixmlDocumentEntry[] = [];
    for (let start = 0; start < text.length; ) {
      const length = 1 + Math.floor(next() * chunking * 4);
      entries.push(...reader.push(text.slice(start, start + length)));
      start += length;
    }
    entries.push(...reader.end());
    return entries;
  }, tally);
  // The stream counts limits per value, so it may read what the whole-text reader refuses for size; never the reverse.
  if (whole.ok && !streamed.ok && streamed.code !== 'CLIXML_ERR_REF') throw new Error(`stream refused (${streamed.code}) what the whole reader read`);
  if (whole.ok && streamed.ok && serializeDocumentEntries(streamed.value) !== serializeDocumentEntries(whole.value)) {
    throw new Error('stream and whole-text readers disagree');
  }
}

export function newClixmlFuzzTally(): ClixmlFuzzTally {
  return { runs: 0, read: 0, refused: {}, streamChecked: 0, commonFormRead: 0, slowestMs: 0 };
}

/**
 * Run `run` of seed `seed`: a mutant of a corpus document through every reader. Adds to `tally`.
 * @throws ClixmlFuzzFinding on anything but a ClixmlError, a broken invariant, or a run slower than `slowRunMs`.
 */
export function clixmlCase(corpus: readonly FuzzDocument[], seed: number, run: number, tally: ClixmlFuzzTally, slowRunMs = 5000): void {
  const random = new SeededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(run + 1, 0x85ebca6b)) >>> 0);
  const next = () => random.next();
  const source = corpus[Math.floor(next() * corpus.length)]!;
  const text = mutate(source.text, next);
  const chunking = Math.floor(next() * 8) === 0 ? 1 + Math.floor(next() * 64) : 0;
  // CPU time, not wall time: a run at low priority beside a busy machine once waited 32 s for an input that takes 8 ms.
  const cpuAtStart = process.cpuUsage();
  try {
    exercise(text, source.kind, chunking, next, tally);
  } catch (error) {
    throw new ClixmlFuzzFinding(error instanceof Error ? error.message : String(error), run, seed, text, { cause: error });
  }
  const cpu = process.cpuUsage(cpuAtStart);
  const elapsed = (cpu.user + cpu.system) / 1000;
  tally.slowestMs = Math.max(tally.slowestMs, elapsed);
  if (elapsed > slowRunMs) throw new ClixmlFuzzFinding(`took ${Math.round(elapsed)} ms`, run, seed, text);
  tally.runs++;
}
