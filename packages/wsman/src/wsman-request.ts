/**
 * @module wsman-request
 * One WS-Management request as the layers above the envelope describe it, and the contract of
 * whatever sends it (the client; a test double).
 */
import type { WSManOption } from './soap/envelope-builder.js';
import type { SoapResponse } from './soap/response-parser.js';

/** One WS-Management request; the client adds the addressing headers. */
export interface WSManRequest {
  action: string;
  resourceUri: string;
  selectors?: Readonly<Record<string, string>>;
  options?: readonly WSManOption[];
  /** Serialized s:Body content using the s, wsa, wsman, wsmv and rsp prefixes; '' for none. */
  body?: string;
  signal?: AbortSignal;
}

/** What a shell needs from its client: one request at a time (WSManClient implements it). */
export interface WSManRequester {
  request(request: WSManRequest): Promise<SoapResponse>;
}
