/**
 * @module xml-chars
 * XML 1.0's character rules as the tokenizer needs them: which characters a document may hold at all, which
 * start and continue a name, what is whitespace; and the names CLIXML uses, handed out as constants.
 */

const FIRST_NON_ASCII = 0x80;
const FIRST_HIGH_SURROGATE = 0xd800;
const LAST_HIGH_SURROGATE = 0xdbff;
const FIRST_LOW_SURROGATE = 0xdc00;
const LAST_LOW_SURROGATE = 0xdfff;

/**
 * Characters outside the simple ranges of XML 1.0's `Char` production (tab, LF, CR, U+0020-U+D7FF,
 * U+E000-U+FFFD); surrogates among them are fine in valid pairs, checked one by one.
 */
const OUTSIDE_SIMPLE_CHAR_RANGES = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g;

/**
 * What could be outside XML's characters: the same set written as ranges to find rather than to avoid, which
 * V8 scans about three times faster (surrogates match too; valid pairs are then let through one by one).
 */
const MAYBE_OUTSIDE = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * The characters outside XML 1.0 that one indexOf each finds (the C0 controls but tab, LF and CR; U+FFFE and U+FFFF).
 * On one-byte text indexOf is a memchr: the 31 searches take a quarter to a half of the time of the expression above
 * once a text has a few thousand characters, and one of a character beyond U+00FF returns at once. On two-byte text
 * the search for U+0000 is slow (the high byte of every ASCII character is zero), so the expression stays the way for it.
 */
const SEARCHED_ONE_BY_ONE: readonly string[] = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code))
  .filter((char) => char !== '\t' && char !== '\n' && char !== '\r')
  .concat('\uFFFE', '\uFFFF');

/** Nothing is known of the text's characters: it is checked the general way. */
export const TEXT_UNCHECKED = 0;
/** Decoded from as many UTF-8 bytes as it has characters: most likely one-byte in V8 (see holdsInvalidXmlCharacter). */
export const TEXT_ONE_BYTE = 1;
/** Its UTF-8 bytes were searched already (@psrp/fragment's findForbiddenXmlByte) and hold no character XML forbids. */
export const TEXT_CHECKED = 2;
/** What a reader knows of a text's characters before it checks them. */
export type TextKnowledge = typeof TEXT_UNCHECKED | typeof TEXT_ONE_BYTE | typeof TEXT_CHECKED;

/** From this many characters on the searches pay; below it the one regular expression costs less than 31 searches. */
export const ONE_BYTE_SEARCH_MIN_CHARS = 1024;
/**
 * Characters searched at a time: 31 searches of a whole 33 MB text read it from memory 31 times (40 ms, the expression
 * took 23-51); in windows of this size they take 8.
 */
const SEARCH_WINDOW = 16 * 1024;

interface WellFormedCheck {
  isWellFormed(this: string): boolean;
}
/** String.prototype.isWellFormed (ES2024): answers at once for one-byte text, which cannot hold a surrogate. */
const isWellFormed = (String.prototype as Partial<WellFormedCheck>).isWellFormed;

/**
 * True when `text` holds a character XML 1.0 does not allow. `known`: TEXT_CHECKED answers at once; TEXT_ONE_BYTE (the
 * text was decoded from as many UTF-8 bytes as it has characters) has a long text searched for each character on its
 * own. The answer is the same either way, only the time differs.
 */
export function holdsInvalidXmlCharacter(text: string, known: TextKnowledge): boolean {
  if (known === TEXT_CHECKED) return false;
  if (known !== TEXT_ONE_BYTE || text.length < ONE_BYTE_SEARCH_MIN_CHARS || isWellFormed === undefined) return findInvalidXmlCharacter(text) >= 0;
  for (let start = 0; start < text.length; start += SEARCH_WINDOW) {
    // A slice is a view: each window is searched 31 times while it is in the cache.
    const window = start === 0 && text.length <= SEARCH_WINDOW ? text : text.slice(start, start + SEARCH_WINDOW);
    for (let index = 0; index < SEARCHED_ONE_BY_ONE.length; index++) {
      if (window.indexOf(SEARCHED_ONE_BY_ONE[index] as string) >= 0) return true;
    }
  }
  return !isWellFormed.call(text);
}

/** Index of the first character XML 1.0 does not allow in a document (C0 controls, U+FFFE, lone surrogates), or -1. */
export function findInvalidXmlCharacter(text: string): number {
  if (!MAYBE_OUTSIDE.test(text)) return -1;
  const pattern = OUTSIDE_SIMPLE_CHAR_RANGES;
  pattern.lastIndex = 0;
  for (;;) {
    const match = pattern.exec(text);
    if (match === null) return -1;
    const index = match.index;
    const code = text.charCodeAt(index);
    if (code >= FIRST_HIGH_SURROGATE && code <= LAST_HIGH_SURROGATE) {
      const next = text.charCodeAt(index + 1);
      if (next >= FIRST_LOW_SURROGATE && next <= LAST_LOW_SURROGATE) {
        pattern.lastIndex = index + 2;
        continue;
      }
    }
    return index;
  }
}

/**
 * The names CLIXML uses, handed out as these constants instead of a new string per tag: looked up by length and
 * first character, then compared in place.
 */
const KNOWN_NAMES = [
  'Objs', 'Obj', 'Ref', 'TN', 'TNRef', 'T', 'ToString', 'Props', 'MS', 'LST', 'IE', 'STK', 'QUE', 'DCT', 'En', 'Nil',
  'S', 'C', 'B', 'DT', 'TS', 'By', 'SB', 'U16', 'I16', 'U32', 'I32', 'U64', 'I64', 'Sg', 'Db', 'D', 'BA', 'G', 'URI',
  'Version', 'XD', 'SBK', 'SS', 'PR', 'AV', 'AI', 'PI', 'PC', 'SR', 'SD', 'CO', 'N', 'RefId', 'xmlns',
];
const NAME_SLOTS = 128;
const MAX_KNOWN_NAME_LENGTH = 8;
const KNOWN_NAMES_BY_SHAPE: (string[] | undefined)[] = [];
for (const name of KNOWN_NAMES) {
  const slot = name.length * NAME_SLOTS + name.charCodeAt(0);
  (KNOWN_NAMES_BY_SHAPE[slot] ??= []).push(name);
}

/** The name at `input[start, end)`: one of KNOWN_NAMES when it is one (no new string), else a slice. */
export function nameAt(input: string, start: number, end: number): string {
  const length = end - start;
  if (length <= MAX_KNOWN_NAME_LENGTH) {
    const first = input.charCodeAt(start);
    const candidates = first < NAME_SLOTS ? KNOWN_NAMES_BY_SHAPE[length * NAME_SLOTS + first] : undefined;
    if (candidates !== undefined) {
      for (let index = 0; index < candidates.length; index++) {
        const candidate = candidates[index] as string;
        if (isAt(input, start, candidate)) return candidate;
      }
    }
  }
  return input.slice(start, end);
}

/**
 * True when `name` stands at `input[start]`: compared code unit by code unit, which for the short names of markup
 * is several times faster than `startsWith` (a call into the runtime).
 */
export function isAt(input: string, start: number, name: string): boolean {
  const length = name.length;
  if (start + length > input.length) return false;
  for (let index = 0; index < length; index++) {
    if (input.charCodeAt(start + index) !== name.charCodeAt(index)) return false;
  }
  return true;
}

/** 1 = may appear in a name, 2 = may also start one. Non-ASCII characters are accepted in names. */
const NAME_CHAR = new Uint8Array(FIRST_NON_ASCII);
for (let code = 0; code < FIRST_NON_ASCII; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) NAME_CHAR[code] = 2;
  else if (/[0-9.-]/.test(char)) NAME_CHAR[code] = 1;
}

export function isWhitespaceCode(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** May start a name (NaN, past the end of the input, may not). */
export function isNameStartChar(code: number): boolean {
  return code >= FIRST_NON_ASCII || NAME_CHAR[code] === 2;
}

/** May continue a name. */
export function isNameChar(code: number): boolean {
  return code >= FIRST_NON_ASCII || (NAME_CHAR[code] ?? 0) > 0;
}

