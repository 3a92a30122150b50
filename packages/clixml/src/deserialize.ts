/**
 * @module deserialize
 * CLIXML text -> JS values: one message body (`<Obj RefId="0">...</Obj>`, `<S>hi</S>`), or `<Objs>`
 * documents (Export-Clixml files, the `#< CLIXML` stderr of powershell.exe).
 */
import { findForbiddenXmlByte, includesAsciiNatively, isAsciiNatively } from '@psrp/fragment';
import { ClixmlReader, type ClixmlDocumentEntry } from './clixml-reader.js';
import { NOT_COMMON_FORM, readCommonForm, readCommonFormDocument } from './common-form-reader.js';
import { bomLength, decodeUtf8, decodeUtf8Natively, takeTextKnowledge } from './decode-utf8.js';
import { ClixmlArgumentError, ClixmlLimitError } from './errors.js';
import { resolveDeserializeSettings, resolveOverwriteInput, type DeserializeSettings, type DeserializeOptions, type Utf8DeserializeOptions } from './limits.js';
import { unescapeUtf8Text } from './utf8-text-unescape.js';
import type { PsValue } from './value.js';
import { TEXT_ONE_BYTE, TEXT_UNCHECKED, type TextKnowledge } from './xml-chars.js';

export type { ClixmlDocumentEntry } from './clixml-reader.js';

function checkInput(text: unknown, limits: DeserializeSettings): string {
  if (typeof text !== 'string') {
    throw new ClixmlArgumentError('input', `expected a string of CLIXML, not ${text === null ? 'null' : typeof text}`);
  }
  if (text.length > limits.maxInputLength) {
    throw new ClixmlLimitError('maxInputLength', limits.maxInputLength, `input of ${text.length} characters`);
  }
  return text;
}

/**
 * Reads one CLIXML value: the root element is a value element (`<Obj>`, `<S>`, `<I32>`, `<Nil/>`, ...).
 * A UTF-8 BOM decoded into U+FEFF is skipped. Every failure is a ClixmlError.
 * @example deserialize('<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32></MS></Obj>')
 */
export function deserialize(xml: string, options?: DeserializeOptions): PsValue {
  const limits = resolveDeserializeSettings(options);
  const text = checkInput(xml, limits);
  return readValue(text, limits, takeTextKnowledge(text));
}

/**
 * A whole text's value: the common form's way when it is in that form, else (and for every error) the general
 * reader's. `known`: what is known of the text's characters (see holdsInvalidXmlCharacter).
 */
function readValue(text: string, limits: DeserializeSettings, known: TextKnowledge): PsValue {
  const value = readCommonForm(text, limits, known);
  return value === NOT_COMMON_FORM ? ClixmlReader.read(text, limits, 'value', known).value : value;
}

/**
 * UTF-8 bytes decoded at a time by deserializeUtf8: the text of each piece, with what the reader keeps of the one
 * before, stays under V8's 128 KiB large-object size even as two-byte text.
 */
const PIECE_BYTES = 32 * 1024;
/** Bytes decoded whole: their text is a young string, under V8's large-object size even with what the reader adds. */
const WHOLE_MAX_BYTES = 96 * 1024;
/**
 * Bytes read in pieces up to this size. Beyond it a long `<S>` read in pieces is a rope of millions of strings whose
 * collection costs more than the fresh memory of one text (measured at 64 MiB: 48 MB/s in pieces, 74 whole), and
 * decodePsString unescapes a flat text as bytes (long-string-unescape).
 */
const PIECES_MAX_BYTES = 32 * 1024 * 1024;

const STRING_START = [0x3c, 0x53, 0x3e] as const;
const STRING_END = [0x3c, 0x2f, 0x53, 0x3e] as const;
/** Bytes that make an element's text more than its characters: markup, a reference, a line end to normalize. */
const TEXT_MARKUP = ['<', '&', '\r'] as const;

/**
 * Whether the bytes are one `<S>` (after any BOM): a long string, which pieces keep in young memory. Anything else is
 * read whole, by the common-form reader, which on objects is about twice the general reader that reads pieces.
 */
function isOneString(bytes: Uint8Array): boolean {
  const start = bomLength(bytes);
  return bytes[start] === STRING_START[0] && bytes[start + 1] === STRING_START[1] && bytes[start + 2] === STRING_START[2];
}

/**
 * deserialize() of UTF-8 bytes (a message body as it arrives), the same value as `deserialize(new TextDecoder()
 * .decode(bytes))`. Why not that: a text over 128 KiB is a string V8 maps fresh memory for, whose first touch costs
 * more than reading it on a VM. Here a `<S>` of plain text and escapes past 32 MiB, or of ASCII past 96 KiB, is
 * unescaped from its bytes (oneStringFromBytes: 1.6-2.3 times faster at 64-256 MiB; through the client 128 KiB 756
 * MB/s against 290 in pieces, 512 KiB 808 against 496: its text external from about 1 MB, below that a rope of a few
 * flat strings in young memory, see decodeUtf8Value); other ASCII from about 1 MB is made the runtime's cheaper way
 * (decodeAsciiNatively), and another long `<S>` of 96 KiB to 32 MiB is read in pieces that stay in young memory,
 * decoded piece by piece (its value is a rope of them).
 * Other bodies are decoded whole: the common-form reader reads objects in about half the time the general reader
 * takes on pieces, more than the fresh memory costs (a list of objects of 256 KiB to 1 MiB through the client, 67-71
 * MB/s whole against 34-35 in pieces). maxInputLength counts characters, as deserialize() does. With
 * `overwriteInput` a long `<S>` is unescaped in the bytes themselves, which saves its copy.
 */
export function deserializeUtf8(bytes: Uint8Array, options?: Utf8DeserializeOptions): PsValue {
  if (!(bytes instanceof Uint8Array)) {
    throw new ClixmlArgumentError('input', `expected a Uint8Array of UTF-8 CLIXML, not ${bytes === null ? 'null' : typeof bytes}`);
  }
  const limits = resolveDeserializeSettings(options);
  const overwrite = resolveOverwriteInput(options);
  const oneString = bytes.length > WHOLE_MAX_BYTES && isOneString(bytes);
  if (oneString && (bytes.length > PIECES_MAX_BYTES || isAsciiNatively(bytes) === true)) {
    const text = oneStringFromBytes(bytes, limits, overwrite);
    if (text !== null) return text;
  }
  const inPieces = oneString && bytes.length <= PIECES_MAX_BYTES;
  const whole = inPieces ? decodeUtf8Natively(bytes) : decodeUtf8(bytes);
  if (whole !== undefined) return readValue(checkInput(whole, limits), limits, takeTextKnowledge(whole));
  const reader = new ClixmlReader(limits, 'value');
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let length = 0;
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
    const piece = decoder.decode(bytes.subarray(start, start + PIECE_BYTES), { stream: true });
    length += piece.length;
    if (length > limits.maxInputLength) throw new ClixmlLimitError('maxInputLength', limits.maxInputLength, `input of more than ${length - piece.length} characters`);
    reader.push(piece, piece.length === PIECE_BYTES ? TEXT_ONE_BYTE : TEXT_UNCHECKED);
  }
  reader.push(decoder.decode());
  reader.end();
  return reader.value;
}

/**
 * The value of bytes that are one `<S>` (isOneString) read from the bytes themselves, or null when this way does not
 * apply (exported for its tests). The text the reader would decode and then unescape in bytes again
 * (long-string-unescape) is unescaped from the bytes: one copy (none when `overwrite` allows it) and one string
 * instead of three strings' worth of fresh memory (a 256 MiB text costs more in that memory than in reading). It
 * applies when the element's text is nothing but characters and escapes: no `<`, `&` or CR (the only bytes XML reads
 * otherwise in text), no character XML forbids, within the limits; else the reader reads the text and says what is
 * wrong, as for any input. deserializeUtf8 asks it past 32 MiB, and below for ASCII only: text beyond ASCII is
 * faster in pieces there (measured: 460 MB/s at 4 MiB against 214 this way, whose one string is fresh memory).
 */
export function oneStringFromBytes(bytes: Uint8Array, limits: DeserializeSettings, overwrite: boolean): string | null {
  const end = bytes.length - STRING_END.length;
  for (let index = 0; index < STRING_END.length; index++) if (bytes[end + index] !== STRING_END[index]) return null;
  const content = bytes.subarray(bomLength(bytes) + STRING_START.length, end);
  // UTF-8 never has fewer bytes than its text has UTF-16 code units: within the limits in bytes is within them.
  if (bytes.length > limits.maxInputLength || content.length > limits.maxStringLength) return null;
  // Decoded on their own, text that starts with U+FEFF would lose it as a BOM.
  if (bomLength(content) > 0) return null;
  // The runtime's searches first: a body they send to the reader is then not searched in wasm here too.
  for (const markup of TEXT_MARKUP) if (includesAsciiNatively(content, markup) !== false) return null;
  if (findForbiddenXmlByte(content) !== -1) return null;
  return unescapeUtf8Text(content, overwrite);
}

/**
 * Reads `<Objs>` documents keeping each top-level object's stream name (`S` attribute). Several documents
 * may follow each other, each optionally after a `#< CLIXML` line, as powershell.exe writes on stderr.
 */
export function deserializeDocumentEntries(text: string, options?: DeserializeOptions): ClixmlDocumentEntry[] {
  const limits = resolveDeserializeSettings(options);
  const checked = checkInput(text, limits);
  const known = takeTextKnowledge(checked);
  const entries = readCommonFormDocument(checked, limits, known);
  return entries === NOT_COMMON_FORM ? ClixmlReader.read(checked, limits, 'document', known).takeEntries() : entries;
}

/**
 * Reads an `<Objs>` document (namespace and Version attributes allowed), optionally preceded by the
 * `#< CLIXML` line powershell.exe writes on stderr; several documents in a row give all their values.
 * @example deserializeDocument('#< CLIXML\n<Objs Version="1.1.0.1" xmlns="..."><S S="Error">oops</S></Objs>')
 */
export function deserializeDocument(text: string, options?: DeserializeOptions): PsValue[] {
  return deserializeDocumentEntries(text, options).map((entry) => entry.value);
}
