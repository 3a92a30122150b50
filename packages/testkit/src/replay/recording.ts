/**
 * @module replay/recording
 * Loads a pypsrp recording: `messages:` of {request, response} SOAP pairs in the order the client
 * sent them, some carrying injected faults instead of (or with) a response.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ReplayRecordingError } from './errors.js';

/** What the server does instead of a plain 200 answer. */
export type InjectedFault =
  /** Answer with this HTTP status and the recorded body (Windows sends SOAP faults with 500). */
  | { kind: 'http-status'; status: number }
  /** Destroy the connection without answering. */
  | { kind: 'transport' }
  /** Answer 401 as a server refusing the credentials does. */
  | { kind: 'auth' }
  /** Never answer: hang until the client gives up (bounded by the server's hang limit). */
  | { kind: 'timeout' };

/** A request attribute the recording's test changed before sending (pypsrp `overrides`). */
export interface RequestOverride {
  /** Element path with the recording's prefixes, e.g. 's:Body/rsp:Receive/rsp:DesiredStream'. */
  path: string;
  attributes: Readonly<Record<string, string>>;
}

export interface RecordedExchange {
  /** Position in the recording, from 0. */
  index: number;
  request: string;
  /** The recorded response body, or null when the entry has none. */
  response: string | null;
  fault: InjectedFault | null;
  overrides: readonly RequestOverride[];
}

const HTTP_INTERNAL_SERVER_ERROR = 500;
const FAULT_PATTERN = /<(?:\w+:)?Fault[\s/>]/;

type RawEntry = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFault(entry: RawEntry, response: string | null): InjectedFault | null {
  if (entry.timeout !== undefined) return { kind: 'timeout' };
  if (entry.auth_error !== undefined) return { kind: 'auth' };
  const transport = entry.transport_error;
  if (transport !== undefined) {
    // pypsrp records Windows' HTTP-level failure as transport_error {protocol: http, code}; the
    // body is the SOAP fault Windows sent with it. Without an HTTP code it is a broken connection.
    if (isRecord(transport) && typeof transport.code === 'number') return { kind: 'http-status', status: transport.code };
    return { kind: 'transport' };
  }
  const httpError = entry.http_error;
  if (httpError !== undefined) {
    return { kind: 'http-status', status: typeof httpError === 'number' ? httpError : HTTP_INTERNAL_SERVER_ERROR };
  }
  // Windows answers every SOAP fault with HTTP 500, whatever the recording's harness did.
  if (response !== null && FAULT_PATTERN.test(response)) return { kind: 'http-status', status: HTTP_INTERNAL_SERVER_ERROR };
  return null;
}

function readOverrides(path: string, index: number, value: unknown): RequestOverride[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ReplayRecordingError(path, `entry ${index}: overrides is not a list`);
  return value.map((item) => {
    if (!isRecord(item) || typeof item.path !== 'string' || !isRecord(item.attributes)) {
      throw new ReplayRecordingError(path, `entry ${index}: an override lacks path or attributes`);
    }
    const attributes = Object.fromEntries(Object.entries(item.attributes).map(([name, text]) => [name, String(text)]));
    return { path: item.path, attributes };
  });
}

/** Parses recording text (exported for tests that build recordings in memory). */
export function parseRecording(text: string, path = '<memory>'): RecordedExchange[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ReplayRecordingError(path, 'not valid YAML', { cause: error });
  }
  if (!isRecord(document) || !Array.isArray(document.messages)) {
    throw new ReplayRecordingError(path, 'expected a top-level `messages:` list');
  }
  return document.messages.map((entry: unknown, index: number) => {
    if (!isRecord(entry) || typeof entry.request !== 'string') {
      throw new ReplayRecordingError(path, `entry ${index} has no request text`);
    }
    const response = typeof entry.response === 'string' ? entry.response : null;
    return {
      index,
      request: entry.request,
      response,
      fault: readFault(entry, response),
      overrides: readOverrides(path, index, entry.overrides),
    };
  });
}

/**
 * Reads a recording file.
 * @throws {ReplayRecordingError} naming the path when it is missing or malformed.
 */
export async function loadRecording(path: string): Promise<RecordedExchange[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReplayRecordingError(path, 'cannot be read (is ../shared/fixtures present?)', { cause: error });
  }
  return parseRecording(text, path);
}
