/**
 * @module soap/envelope-builder
 * Builds a WS-Management request envelope (MS-WSMV 2.2.4) with the headers Windows expects, in the
 * order Windows clients send them: Action, DataLocale, Locale, MaxEnvelopeSize, MessageID,
 * OperationTimeout, ReplyTo, ResourceURI, SessionId, To, OptionSet, SelectorSet.
 */
import { WSManOptionError } from '../errors.js';
import { ADDRESS_ANONYMOUS } from '../actions.js';
import { REQUEST_PREFIXES } from '../namespaces.js';
import { escapeAttribute, escapeText } from './xml-escape.js';

/** One wsman:Option; `mustComply` adds MustComply="true" (the server must honour it or fault). */
export interface WSManOption {
  name: string;
  value: string;
  mustComply?: boolean;
}

export interface EnvelopeHeaders {
  action: string;
  resourceUri: string;
  /** The endpoint URL, written as wsa:To. */
  to: string;
  /** A UUID without the `uuid:` prefix. */
  messageId: string;
  /** A UUID without the `uuid:` prefix, the same for every request of one client. */
  sessionId: string;
  maxEnvelopeSize: number;
  operationTimeoutSeconds: number;
  locale: string;
  dataLocale?: string;
  selectors?: Readonly<Record<string, string>>;
  options?: readonly WSManOption[];
}

/** Formats seconds as an xs:duration, e.g. 20 -> 'PT20S', 0.5 -> 'PT0.5S'. */
export function formatDuration(seconds: number): string {
  return `PT${seconds}S`;
}

/** xs:duration has no upper bound, but WinRM reads these as 32-bit milliseconds. */
const MAX_DURATION_SECONDS = 0xffff_ffff / 1000;

/**
 * A duration option (idleTimeoutSeconds, lifetimeSeconds) as an xs:duration, checked where it is used:
 * NaN, a negative or an unbounded value would have gone out as 'PTNaNS' and come back as a fault, or not at all.
 */
export function durationOption(seconds: number, option: string): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_DURATION_SECONDS) {
    throw new WSManOptionError(option, `expected a number of seconds in 0..${MAX_DURATION_SECONDS}, got ${String(seconds)}`);
  }
  return formatDuration(seconds);
}

function optionSet(options: readonly WSManOption[]): string {
  if (options.length === 0) return '';
  const items = options.map((option) => {
    const mustComply = option.mustComply === true ? ' MustComply="true"' : '';
    return `<wsman:Option${mustComply} Name="${escapeAttribute(option.name)}">${escapeText(option.value)}</wsman:Option>`;
  });
  return `<wsman:OptionSet s:mustUnderstand="true">${items.join('')}</wsman:OptionSet>`;
}

function selectorSet(selectors: Readonly<Record<string, string>>): string {
  const entries = Object.entries(selectors);
  if (entries.length === 0) return '';
  const items = entries.map(
    ([name, value]) => `<wsman:Selector Name="${escapeAttribute(name)}">${escapeText(value)}</wsman:Selector>`,
  );
  return `<wsman:SelectorSet>${items.join('')}</wsman:SelectorSet>`;
}

/** The envelope as a string; `body` is the already-serialized content of s:Body ('' for none). */
export function buildEnvelope(headers: EnvelopeHeaders, body: string): string {
  const namespaces = Object.entries(REQUEST_PREFIXES)
    .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
    .join('');
  const locale = escapeAttribute(headers.locale);
  const dataLocale = escapeAttribute(headers.dataLocale ?? headers.locale);
  const header =
    `<wsa:Action s:mustUnderstand="true">${escapeText(headers.action)}</wsa:Action>` +
    `<wsmv:DataLocale s:mustUnderstand="false" xml:lang="${dataLocale}" />` +
    `<wsman:Locale s:mustUnderstand="false" xml:lang="${locale}" />` +
    `<wsman:MaxEnvelopeSize s:mustUnderstand="true">${headers.maxEnvelopeSize}</wsman:MaxEnvelopeSize>` +
    `<wsa:MessageID>uuid:${escapeText(headers.messageId)}</wsa:MessageID>` +
    `<wsman:OperationTimeout>${formatDuration(headers.operationTimeoutSeconds)}</wsman:OperationTimeout>` +
    `<wsa:ReplyTo><wsa:Address s:mustUnderstand="true">${ADDRESS_ANONYMOUS}</wsa:Address></wsa:ReplyTo>` +
    `<wsman:ResourceURI s:mustUnderstand="true">${escapeText(headers.resourceUri)}</wsman:ResourceURI>` +
    `<wsmv:SessionId s:mustUnderstand="false">uuid:${escapeText(headers.sessionId)}</wsmv:SessionId>` +
    `<wsa:To>${escapeText(headers.to)}</wsa:To>` +
    optionSet(headers.options ?? []) +
    selectorSet(headers.selectors ?? {});
  const bodyElement = body === '' ? '<s:Body />' : `<s:Body>${body}</s:Body>`;
  return `<s:Envelope${namespaces}><s:Header>${header}</s:Header>${bodyElement}</s:Envelope>`;
}
