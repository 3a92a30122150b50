/**
 * The PSRP fragments inside recorded WinRM traffic: the base64 text of each `<creationXml>`, `<rsp:Arguments>` and
 * `<rsp:Stream>` of the exchanges addressed to a PowerShell resource (WinRS exchanges carry cmd.exe output in
 * rsp:Stream, not fragments). Regexes are enough for these known, well-formed captures.
 */
import { recordedPairs } from './recorded-pairs.js';

const POWERSHELL_RESOURCE = /<wsman:ResourceURI[^>]*>http:\/\/schemas\.microsoft\.com\/powershell\//;
const SHELL_ID = /<wsman:Selector Name="ShellId">([^<]+)<|<rsp:Shell ShellId="([^"]+)"/;
const FRAGMENT_TEXT = /<(creationXml|rsp:Arguments|rsp:Stream)\b[^>]*>([^<]*)<\/\1>/g;

/** to-server: in a request, written by the client; to-client: in a response, written by the server. */
export type PayloadDirection = 'to-server' | 'to-client';

/** The base64 text of one element holding fragments. */
export interface RecordedPayload {
  /** The recording's file name, or whatever the caller named its source. */
  readonly file: string;
  /** Index of the request/response pair in the recording. */
  readonly exchange: number;
  readonly direction: PayloadDirection;
  /** The shell (runspace pool) the exchange addressed, upper case; object ids are per pool and sender. */
  readonly shellId: string;
  readonly element: string;
  readonly base64: string;
}

/** The request and response text of one recorded exchange. */
export interface ExchangeText {
  readonly index: number;
  readonly request: string;
  readonly response: string | null;
}

function payloadsIn(xml: string | null, base: Omit<RecordedPayload, 'element' | 'base64'>): RecordedPayload[] {
  if (xml === null) return [];
  return [...xml.matchAll(FRAGMENT_TEXT)]
    .filter((match) => match[2]!.length > 0)
    .map((match) => ({ ...base, element: match[1]!, base64: match[2]! }));
}

/** The payloads of one exchange, request first; none when it addresses no PowerShell resource. */
export function exchangePayloads(file: string, exchange: ExchangeText): RecordedPayload[] {
  if (!POWERSHELL_RESOURCE.test(exchange.request)) return [];
  const idMatch = SHELL_ID.exec(exchange.request);
  const shellId = (idMatch?.[1] ?? idMatch?.[2] ?? 'unknown').toUpperCase();
  const base = { file, exchange: exchange.index, shellId };
  return [
    ...payloadsIn(exchange.request, { ...base, direction: 'to-server' }),
    ...payloadsIn(exchange.response, { ...base, direction: 'to-client' }),
  ];
}

/** Every PSRP payload of every recording, in file and exchange order. */
export function recordedPayloads(): RecordedPayload[] {
  return recordedPairs().flatMap((pair) => exchangePayloads(pair.file, pair));
}
