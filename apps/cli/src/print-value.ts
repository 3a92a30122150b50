/**
 * How the CLI shows deserialized objects: strings as they are, other values as compact JSON of their
 * properties (PSObject.toJSON), one per line, the way `Invoke-Command` output reads in a terminal.
 */
import type { PsValue } from '@psrp/clixml';

export function formatValue(value: PsValue): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

export function formatJsonLine(value: PsValue): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}
