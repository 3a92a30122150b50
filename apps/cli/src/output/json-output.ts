/**
 * Output objects for programs as JSON: `--json` writes one array (streamed, item by item), `--ndjson` one value per
 * line. An object is its properties with `PSTypeNames` (most specific first) and, unless --hide-computer-name,
 * `PSComputerName` in front; a value that has no properties (a string, a number, a date) is wrapped as
 * `{"PSComputerName": ..., "Value": ...}` so that every item says where it came from. Dates are ISO 8601 text as
 * PowerShell wrote them, byte arrays base64, big integers beyond 2^53 decimal text. A value the server sent once and
 * referenced again (`<Ref>`) is written in full once per item, then as "[Shared]".
 */
import { isPlainRecord, toPlainJson, type PlainJsonOptions, type PsValue } from '@psrp/clixml';
import type { ConsoleWriter } from './console-writer.js';

/**
 * @psrp/clixml's conversion, so that its bounds hold here too (a value shared with `<Ref>` given once, then as
 * "[Shared]"; text, nodes and depth limited): objects shaped as ConvertTo-Json gives them, with their type names.
 */
const JSON_SHAPE: PlainJsonOptions = { typeNames: true, likeConvertToJson: true };

export class JsonOutput {
  readonly #console: ConsoleWriter;
  readonly #lines: boolean;
  readonly #showComputerName: boolean;
  #count = 0;

  constructor(console: ConsoleWriter, options: { readonly lines: boolean; readonly showComputerName: boolean }) {
    this.#console = console;
    this.#lines = options.lines;
    this.#showComputerName = options.showComputerName;
  }

  write(computerName: string, value: unknown): Promise<void> | void {
    const item = JSON.stringify(taggedJson(value, this.#showComputerName ? computerName : null));
    const text = this.#lines ? `${item}\n` : `${this.#count === 0 ? '[\n  ' : ',\n  '}${item}`;
    this.#count++;
    return this.#console.out(text);
  }

  end(): Promise<void> | void {
    if (this.#lines) return;
    return this.#console.out(this.#count === 0 ? '[]\n' : '\n]\n');
  }
}

/** One output item as the JSON modes print it. */
export function taggedJson(value: unknown, computerName: string | null): unknown {
  // Output values are what deserialize returns, or a client's SecureString (which has its own toJSON).
  const json = toPlainJson(value as PsValue, JSON_SHAPE);
  if (computerName === null) return json;
  if (isPlainRecord(value, JSON_SHAPE)) return { PSComputerName: computerName, ...(json as Record<string, unknown>) };
  return { PSComputerName: computerName, Value: json };
}
