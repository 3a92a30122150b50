/**
 * MS-PSRP 2.2.3.16 InformationalRecord: the body of DEBUG_RECORD, VERBOSE_RECORD and WARNING_RECORD.
 */
import type { PSObject } from '@psrp/clixml';
import { readOptionalString } from './message-fields.js';

export class InformationalRecord {
  readonly message: string;

  constructor(readonly object: PSObject) {
    this.message = readOptionalString(object, 'InformationalRecord_Message') ?? object.toStringValue ?? '';
  }

  toString(): string {
    return this.message;
  }
}
