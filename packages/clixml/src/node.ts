/**
 * @module @psrp/clixml/node
 * Export-Clixml files on Node: read value by value with flat memory, and write files Import-Clixml reads.
 * The runtime-neutral core (`@psrp/clixml`: readClixml, ClixmlStreamReader, writeClixml) does the work;
 * this entry only opens the files.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ClixmlDocumentEntry } from './clixml-reader.js';
import { readClixmlEntries, writeClixml, type ClixmlStreamOptions } from './clixml-stream.js';
import type { PsSerializable } from './clixml-writer.js';
import type { SerializeOptions } from './limits.js';
import type { PsValue } from './value.js';

/** Bytes read from the file at a time. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** Each top-level value of an Export-Clixml file (or saved `#< CLIXML` stderr), with its stream name. */
export async function* readClixmlFileEntries(path: string, options?: ClixmlStreamOptions): AsyncGenerator<ClixmlDocumentEntry> {
  const file = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    yield* readClixmlEntries(file as AsyncIterable<Uint8Array>, options);
  } finally {
    file.destroy();
  }
}

/**
 * Each top-level value of an Export-Clixml file, read as the file is read: a file of any size takes memory
 * for one value at a time (plus the objects later `<Ref>`s may name; see maxRetainedReferences). UTF-8 and
 * UTF-16 (Windows PowerShell's default, with a BOM) are recognized.
 * @example for await (const item of readClixmlFile('items.xml')) console.log(item.FullName);
 */
export async function* readClixmlFile(path: string, options?: ClixmlStreamOptions): AsyncGenerator<PsValue> {
  for await (const entry of readClixmlFileEntries(path, options)) yield entry.value;
}

/**
 * Writes `values` as an Export-Clixml document (UTF-8, no BOM, as PowerShell 7 writes it) that
 * Import-Clixml reads back; values may come from an async iterable and are written as they come.
 */
export async function writeClixmlFile(
  path: string,
  values: AsyncIterable<PsSerializable> | Iterable<PsSerializable>,
  options?: SerializeOptions,
): Promise<void> {
  const file = createWriteStream(path, { encoding: 'utf8' });
  try {
    for await (const chunk of writeClixml(values, options)) {
      if (!file.write(chunk)) await once(file, 'drain');
    }
    file.end();
    await finished(file);
  } catch (error) {
    file.destroy();
    throw error;
  }
}
