/**
 * @module deserialize
 * CLIXML text -> JS values: one message body (`<Obj RefId="0">...</Obj>`, `<S>hi</S>`), or `<Objs>`
 * documents (Export-Clixml files, the `#< CLIXML` stderr of powershell.exe).
 */
import { ClixmlReader, type ClixmlDocumentEntry } from './clixml-reader.js';
import { ClixmlArgumentError, ClixmlLimitError } from './errors.js';
import { resolveDeserializeSettings, type DeserializeSettings, type DeserializeOptions } from './limits.js';
import type { PsValue } from './value.js';

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
  return ClixmlReader.read(checkInput(xml, limits), limits, 'value').value;
}

/**
 * Reads `<Objs>` documents keeping each top-level object's stream name (`S` attribute). Several documents
 * may follow each other, each optionally after a `#< CLIXML` line, as powershell.exe writes on stderr.
 */
export function deserializeDocumentEntries(text: string, options?: DeserializeOptions): ClixmlDocumentEntry[] {
  const limits = resolveDeserializeSettings(options);
  return ClixmlReader.read(checkInput(text, limits), limits, 'document').takeEntries();
}

/**
 * Reads an `<Objs>` document (namespace and Version attributes allowed), optionally preceded by the
 * `#< CLIXML` line powershell.exe writes on stderr; several documents in a row give all their values.
 * @example deserializeDocument('#< CLIXML\n<Objs Version="1.1.0.1" xmlns="..."><S S="Error">oops</S></Objs>')
 */
export function deserializeDocument(text: string, options?: DeserializeOptions): PsValue[] {
  return deserializeDocumentEntries(text, options).map((entry) => entry.value);
}
