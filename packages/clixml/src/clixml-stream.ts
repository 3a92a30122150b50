/**
 * @module clixml-stream
 * Export-Clixml files and `#< CLIXML` stderr text of any size, value by value: ClixmlStreamReader takes
 * text or bytes in chunks and hands out each top-level value as soon as it is complete (sans-IO: the caller
 * moves the bytes); readClixml() does the same over an async iterable of chunks. ClixmlDocumentWriter and
 * writeClixml() write such a document piece by piece. Memory stays flat however long the document: the
 * reader holds one value at a time plus maxRetainedReferences objects for later `<Ref>`s, the writer
 * remembers written objects weakly.
 */
import { ClixmlReader, type ClixmlDocumentEntry } from './clixml-reader.js';
import { ClixmlWriter, type PsSerializable } from './clixml-writer.js';
import { ClixmlArgumentError, ClixmlParseError } from './errors.js';
import { resolveDeserializeSettings, resolveSerializeDepth, type DeserializeOptions, type SerializeOptions } from './limits.js';
import { DOCUMENT_END, DOCUMENT_START } from './serialize.js';
import type { PsValue } from './value.js';
import { TEXT_ONE_BYTE, TEXT_UNCHECKED } from './xml-chars.js';

/** Text encodings a byte stream may use; a BOM or a leading `<` in UTF-16 overrides the option. */
export type ClixmlEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface ClixmlStreamOptions extends DeserializeOptions {
  /**
   * Encoding of byte chunks without a BOM. Default 'utf-8' (PowerShell 7's Export-Clixml). Windows
   * PowerShell 5.1 writes UTF-16LE with a BOM, which is recognized whatever this says.
   */
  encoding?: ClixmlEncoding;
}

/** Enough leading bytes to recognize a BOM or UTF-16 `<`. */
const SNIFF_BYTES = 3;

function sniffEncoding(bytes: Uint8Array, fallback: ClixmlEncoding): ClixmlEncoding {
  const [first, second, third] = bytes;
  if (first === 0xef && second === 0xbb && third === 0xbf) return 'utf-8';
  if (first === 0xff && second === 0xfe) return 'utf-16le';
  if (first === 0xfe && second === 0xff) return 'utf-16be';
  if (first === 0x3c && second === 0x00) return 'utf-16le';
  if (first === 0x00 && second === 0x3c) return 'utf-16be';
  return fallback;
}

/**
 * Reads `<Objs>` documents (Export-Clixml files; several in a row with `#< CLIXML` lines, as powershell.exe
 * writes on stderr) from chunks of text or bytes. Each push() returns the top-level values it completed.
 * Limits apply per top-level value; RefIds start again with each `<Objs>`.
 * @example
 * const reader = new ClixmlStreamReader();
 * for (const chunk of chunks) for (const { value } of reader.push(chunk)) use(value);
 * for (const { value } of reader.end()) use(value);
 */
export class ClixmlStreamReader {
  readonly #reader: ClixmlReader;
  readonly #fallbackEncoding: ClixmlEncoding;
  #decoder: InstanceType<typeof TextDecoder> | null = null;
  /** The text #decode gave last came from as many bytes. */
  #decodedOneByte = false;
  #pendingBytes: Uint8Array | null = null;
  #ended = false;

  constructor(options?: ClixmlStreamOptions) {
    const encoding = options?.encoding ?? 'utf-8';
    if (encoding !== 'utf-8' && encoding !== 'utf-16le' && encoding !== 'utf-16be') {
      throw new ClixmlArgumentError('encoding', `must be utf-8, utf-16le or utf-16be, not ${String(encoding)}`);
    }
    this.#fallbackEncoding = encoding;
    this.#reader = new ClixmlReader(resolveDeserializeSettings(options), 'stream');
  }

  /** Adds a chunk (a string, or bytes in the stream's encoding); returns the values it completed. */
  push(chunk: string | Uint8Array): ClixmlDocumentEntry[] {
    if (this.#ended) throw new ClixmlArgumentError('push', 'called after end()');
    if (typeof chunk === 'string') {
      if (this.#decoder !== null || this.#pendingBytes !== null) throw new ClixmlArgumentError('chunk', 'text after bytes in one stream');
      this.#reader.push(chunk);
    } else if (chunk instanceof Uint8Array) {
      const text = this.#decode(chunk, false);
      if (text.length > 0) this.#reader.push(text, this.#decodedOneByte ? TEXT_ONE_BYTE : TEXT_UNCHECKED);
    } else {
      throw new ClixmlArgumentError('chunk', `expected a string or a Uint8Array, not ${chunk === null ? 'null' : typeof chunk}`);
    }
    return this.#reader.takeEntries();
  }

  /** Ends the input; returns the last values. A document cut short is a ClixmlParseError. */
  end(): ClixmlDocumentEntry[] {
    if (this.#ended) return [];
    this.#ended = true;
    if (this.#decoder !== null || this.#pendingBytes !== null) {
      const text = this.#decode(new Uint8Array(0), true);
      if (text.length > 0) this.#reader.push(text);
    }
    this.#reader.end();
    return this.#reader.takeEntries();
  }

  #decode(bytes: Uint8Array, final: boolean): string {
    let input = bytes;
    if (this.#decoder === null) {
      if (this.#pendingBytes !== null) {
        input = new Uint8Array(this.#pendingBytes.length + bytes.length);
        input.set(this.#pendingBytes);
        input.set(bytes, this.#pendingBytes.length);
        this.#pendingBytes = null;
      }
      if (input.length < SNIFF_BYTES && !final) {
        this.#pendingBytes = input;
        return '';
      }
      this.#decoder = new TextDecoder(sniffEncoding(input, this.#fallbackEncoding), { fatal: true });
    }
    try {
      const text = this.#decoder.decode(input, { stream: !final });
      // As many characters as bytes: UTF-8 that was ASCII (UTF-16 never has as many).
      this.#decodedOneByte = text.length === input.length;
      return text;
    } catch (error) {
      throw new ClixmlParseError(`the bytes are not valid ${this.#decoder.encoding}`, -1, { cause: error });
    }
  }
}

/** Anything chunks can come from: a Node Readable, a web ReadableStream (Node, Deno, browsers), an array. */
export type ClixmlChunkSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Each top-level value of the documents in `source`, with its stream name (`S` attribute) or null. */
export async function* readClixmlEntries(source: ClixmlChunkSource, options?: ClixmlStreamOptions): AsyncGenerator<ClixmlDocumentEntry> {
  if (source === null || typeof source !== 'object' || !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
    throw new ClixmlArgumentError('source', 'expected an iterable or async iterable of chunks');
  }
  const reader = new ClixmlStreamReader(options);
  for await (const chunk of source) yield* reader.push(chunk);
  yield* reader.end();
}

/**
 * Each top-level value of the documents in `source` (Export-Clixml output, `#< CLIXML` stderr), read as the
 * chunks arrive.
 * @example for await (const item of readClixml(response.body)) console.log(item.Name);
 */
export async function* readClixml(source: ClixmlChunkSource, options?: ClixmlStreamOptions): AsyncGenerator<PsValue> {
  for await (const entry of readClixmlEntries(source, options)) yield entry.value;
}

/**
 * Writes one Export-Clixml document piece by piece: start(), write() per value, end(), each returning
 * the text to send on. RefIds and type names are shared across the values, as Export-Clixml writes them;
 * objects are remembered weakly, so a long stream does not keep its values alive.
 */
export class ClixmlDocumentWriter {
  readonly #writer: ClixmlWriter;
  #state: 'new' | 'open' | 'closed' = 'new';

  constructor(options?: SerializeOptions) {
    this.#writer = new ClixmlWriter(resolveSerializeDepth(options));
  }

  start(): string {
    if (this.#state !== 'new') throw new ClixmlArgumentError('start', 'called twice');
    this.#state = 'open';
    return DOCUMENT_START;
  }

  /** One top-level value; `stream` becomes its `S` attribute (as in `#< CLIXML` stderr: "Error", "progress"). */
  write(value: PsSerializable, stream?: string | null): string {
    if (this.#state !== 'open') throw new ClixmlArgumentError('write', this.#state === 'new' ? 'called before start()' : 'called after end()');
    this.#writer.writeEntry(value, stream);
    return this.#writer.take();
  }

  end(): string {
    if (this.#state !== 'open') throw new ClixmlArgumentError('end', this.#state === 'new' ? 'called before start()' : 'called twice');
    this.#state = 'closed';
    return DOCUMENT_END;
  }
}

/** An Export-Clixml document of `values`, as text chunks (one per value) to write wherever. */
export async function* writeClixml(
  values: AsyncIterable<PsSerializable> | Iterable<PsSerializable>,
  options?: SerializeOptions,
): AsyncGenerator<string> {
  const writer = new ClixmlDocumentWriter(options);
  yield writer.start();
  for await (const value of values) yield writer.write(value);
  yield writer.end();
}
