/**
 * What RUNSPACEPOOL_STATE (MS-PSRP 2.2.2.9) and PIPELINE_STATE (2.2.2.21) share: a state number named by a
 * .NET enum, and the ErrorRecord that explains a failure.
 */
import type { PsValue } from '@psrp/clixml';
import { ErrorRecord } from './error-record.js';
import { readInt, readObject, readOptionalObject } from './message-fields.js';

export interface StateInfo {
  readonly state: number;
  readonly reason: ErrorRecord | null;
}

export function parseStateMessage(body: PsValue, messageName: string, stateProperty: string): StateInfo {
  const message = readObject(body, messageName);
  const reason = readOptionalObject(message, 'ExceptionAsErrorRecord');
  return { state: readInt(message, stateProperty, messageName), reason: reason ? new ErrorRecord(reason) : null };
}

/** The name of a value of a `{ Name: value }` enum table; a value a newer server adds is named, not refused. */
export function enumNamer<Table extends Readonly<Record<string, number>>>(
  table: Table,
): (value: number) => Extract<keyof Table, string> | `Unknown(${number})` {
  const names = new Map<number, Extract<keyof Table, string>>(
    Object.entries(table).map(([name, value]) => [value, name as Extract<keyof Table, string>]),
  );
  return (value) => names.get(value) ?? `Unknown(${value})`;
}
