/**
 * How the CLI shows deserialized objects: anything that reads as text (a string, or a string or date carrying
 * notes) as that text, other values as compact JSON of their properties (PSObject.toJSON), one per line, the way
 * `Invoke-Command` output reads in a terminal.
 */
import type { PsValue } from '@psrp/clixml';

function jsonReplacer(_key: string, item: unknown): unknown {
  return typeof item === 'bigint' ? item.toString() : item;
}

export function formatValue(value: PsValue): string {
  const json = formatJsonLine(value);
  const plain: unknown = JSON.parse(json);
  return typeof plain === 'string' ? plain : json;
}

export function formatJsonLine(value: PsValue): string {
  return JSON.stringify(value ?? null, jsonReplacer);
}
