/**
 * @module deserialize
 * CLIXML text -> JS values: one message body (`<Obj RefId="0">...</Obj>`, `<S>hi</S>`), or a document
 * with the `<Objs>` root (Export-Clixml files, the `#< CLIXML` stderr of powershell.exe).
 */
import { ClixmlReader } from './clixml-reader.js';
import { ClixmlLimitError } from './errors.js';
import { resolveDeserializeSettings, type DeserializeSettings, type DeserializeOptions } from './limits.js';
import type { PsValue } from './value.js';

const BYTE_ORDER_MARK = 0xfeff;
/** First line powershell.exe writes before CLIXML on stderr. */
const CLIXML_STDERR_MARKER = '#< CLIXML';

/** One top-level object of a document, with the stream its `S` attribute names (e.g. "Error"), if any. */
export interface ClixmlDocumentEntry {
  value: PsValue;
  stream: string | null;
}

function prepare(text: string, limits: DeserializeSettings): string {
  if (text.length > limits.maxInputLength) {
    throw new ClixmlLimitError('maxInputLength', limits.maxInputLength, `input of ${text.length} characters`);
  }
  return text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text;
}

/**
 * Reads one CLIXML value: the root element is a value element (`<Obj>`, `<S>`, `<I32>`, `<Nil/>`, ...).
 * A UTF-8 BOM decoded into U+FEFF is skipped. Every failure is a ClixmlError.
 * @example deserialize('<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32></MS></Obj>')
 */
export function deserialize(xml: string, options?: DeserializeOptions): PsValue {
  const limits = resolveDeserializeSettings(options);
  return new ClixmlReader(prepare(xml, limits), limits, false).readValue();
}

/** Reads an `<Objs>` document, keeping each top-level object's stream name (`S` attribute). */
export function deserializeDocumentEntries(text: string, options?: DeserializeOptions): ClixmlDocumentEntry[] {
  const limits = resolveDeserializeSettings(options);
  let input = prepare(text, limits);
  if (input.startsWith(CLIXML_STDERR_MARKER)) {
    const lineEnd = input.indexOf('\n');
    input = lineEnd < 0 ? '' : input.slice(lineEnd + 1);
  }
  const { values, streams } = new ClixmlReader(input, limits, true).readDocument();
  return values.map((value, index) => ({ value, stream: streams[index] ?? null }));
}

/**
 * Reads an `<Objs>` document (namespace and Version attributes allowed), optionally preceded by the
 * `#< CLIXML` line powershell.exe writes on stderr.
 * @example deserializeDocument('#< CLIXML\n<Objs Version="1.1.0.1" xmlns="..."><S S="Error">oops</S></Objs>')
 */
export function deserializeDocument(text: string, options?: DeserializeOptions): PsValue[] {
  return deserializeDocumentEntries(text, options).map((entry) => entry.value);
}
