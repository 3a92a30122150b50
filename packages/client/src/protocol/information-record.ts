/**
 * MS-PSRP 2.2.3.33 InformationRecord (protocol 2.3+): Write-Information and Write-Host output.
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import { readOptionalString } from './message-fields.js';

export class InformationRecord {
  readonly messageData: PsValue;
  readonly source: string | null;
  readonly tags: readonly string[];

  constructor(readonly object: PSObject) {
    this.messageData = object.get('MessageData') ?? null;
    this.source = readOptionalString(object, 'Source');
    const tags = object.get('Tags');
    const list = tags && typeof tags === 'object' && 'baseValue' in tags ? tags.baseValue : tags;
    this.tags = Array.isArray(list) ? list.filter((tag): tag is string => typeof tag === 'string') : [];
  }

  toString(): string {
    const data = this.messageData;
    return typeof data === 'string' ? data : String(data ?? '');
  }
}
