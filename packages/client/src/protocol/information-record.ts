/**
 * MS-PSRP 2.2.3.33 InformationRecord (protocol 2.3+): Write-Information and Write-Host output. Write-Host's record
 * carries a HostInformationMessage (text, colours, NoNewLine) and the tag PSHOST; `text` is its text either way.
 */
import { PSObject, type PsValue } from '@psrp/clixml';
import { readOptionalString } from './message-fields.js';

/** What Write-Host asked for, when the record came from it. */
export interface HostInformationMessage {
  readonly text: string;
  readonly foregroundColor: string | null;
  readonly backgroundColor: string | null;
  readonly noNewLine: boolean;
}

export class InformationRecord {
  readonly messageData: PsValue;
  readonly source: string | null;
  readonly tags: readonly string[];
  /** Set for Write-Host output: its text and colours. */
  readonly hostMessage: HostInformationMessage | null;
  /** The message as text: Write-Host's text, or the message data as PowerShell would print it. */
  readonly text: string;

  constructor(readonly object: PSObject) {
    this.messageData = object.get('MessageData') ?? null;
    this.source = readOptionalString(object, 'Source');
    const tags = object.get('Tags');
    const list = tags instanceof PSObject ? tags.baseValue : tags;
    this.tags = Array.isArray(list) ? list.filter((tag): tag is string => typeof tag === 'string') : [];
    this.hostMessage = readHostMessage(this.messageData);
    this.text = this.hostMessage?.text ?? textOf(this.messageData);
  }

  toString(): string {
    return this.text;
  }
}

function readHostMessage(data: PsValue): HostInformationMessage | null {
  if (!(data instanceof PSObject) || typeof data.get('Message') !== 'string') return null;
  if (!data.typeNames.some((name) => name.endsWith('HostInformationMessage'))) return null;
  const color = (name: string): string | null => {
    const value = data.get(name);
    if (value instanceof PSObject) return value.toStringValue;
    return typeof value === 'string' ? value : null;
  };
  return {
    text: data.get('Message') as string,
    foregroundColor: color('ForegroundColor'),
    backgroundColor: color('BackgroundColor'),
    noNewLine: data.get('NoNewLine') === true,
  };
}

function textOf(data: PsValue): string {
  if (data === null) return '';
  if (typeof data === 'string') return data;
  if (data instanceof PSObject) return data.toStringValue ?? (typeof data.baseValue === 'string' ? data.baseValue : String(data.baseValue ?? ''));
  return String(data);
}
