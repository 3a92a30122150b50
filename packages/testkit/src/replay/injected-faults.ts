/**
 * @module replay/injected-faults
 * Faults a test injects into a replay beyond those the recording holds: a connection reset before or in the middle of
 * an answer, an HTTP error with a non-SOAP body, a garbage body, a stalled answer, a WSMan fault of the test's
 * choosing (an expired shell, a quota, access denied, w:TimedOut). Each fires when the request that matches the
 * recorded exchange `at` arrives; `replayAfter` keeps that exchange for the client's next attempt (a retried Receive).
 */
import type { ServerResponse } from 'node:http';

export type InjectedReplayFault =
  /** Destroy the connection without answering. */
  | { readonly at: number; readonly kind: 'reset'; readonly replayAfter?: boolean }
  /** Start the recorded answer (status, headers, half the body), then destroy the connection. */
  | { readonly at: number; readonly kind: 'reset-mid-body'; readonly replayAfter?: boolean }
  /** Answer with this status and a plain-text body (an IIS or proxy error page). */
  | { readonly at: number; readonly kind: 'http-status'; readonly status: number; readonly body?: string; readonly replayAfter?: boolean }
  /** Answer 200 with a body that is not XML. */
  | { readonly at: number; readonly kind: 'garbage'; readonly body?: string; readonly replayAfter?: boolean }
  /** Never answer (bounded by the server's hang limit). */
  | { readonly at: number; readonly kind: 'stall'; readonly replayAfter?: boolean }
  /**
   * Give the recorded answer after `ms`, as a server does with a Receive that waits for output (up to its
   * OperationTimeout): a replay answering at once lets the client post its next request before the test acts.
   */
  | { readonly at: number; readonly kind: 'delay'; readonly ms: number; readonly replayAfter?: false }
  /** Answer HTTP 500 with a Windows-shaped WSMan fault. */
  | {
      readonly at: number;
      readonly kind: 'wsman-fault';
      readonly fault: WSManFaultShape;
      readonly replayAfter?: boolean;
    };

export interface WSManFaultShape {
  /** 's:Sender' or 's:Receiver'. */
  readonly code: string;
  /** e.g. 'w:TimedOut', 'w:InvalidSelectors', 'w:QuotaLimit', 'w:AccessDenied'. */
  readonly subcode: string;
  readonly reason: string;
  /** f:WSManFault/@Code, e.g. 2150858793 (0x80338029) for a timed-out operation. */
  readonly wsmanCode: number;
  readonly machine?: string;
}

/** The w:TimedOut fault Windows answers a Receive with when no output came within OperationTimeout. */
export const TIMED_OUT_FAULT: WSManFaultShape = {
  code: 's:Receiver',
  subcode: 'w:TimedOut',
  reason: 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.',
  wsmanCode: 0x80338029,
};

/** What Windows answers for a shell that no longer exists (expired after its idle timeout, or deleted). */
export const SHELL_NOT_FOUND_FAULT: WSManFaultShape = {
  code: 's:Sender',
  subcode: 'w:InvalidSelectors',
  reason: 'The WS-Management service cannot process the request because the request contained invalid selectors for the resource.',
  wsmanCode: 0x80338043,
};

/** Too many shells or commands for the user (MaxShellsPerUser, MaxConcurrentOperationsPerUser). */
export const QUOTA_FAULT: WSManFaultShape = {
  code: 's:Receiver',
  subcode: 'w:QuotaLimit',
  reason: 'The WS-Management service cannot process the request. This user is allowed a maximum number of 5 concurrent shells, which has been exceeded.',
  wsmanCode: 0x803381a6,
};

/** The user may not use the endpoint (no access to the session configuration). */
export const ACCESS_DENIED_FAULT: WSManFaultShape = {
  code: 's:Sender',
  subcode: 'w:AccessDenied',
  reason: 'Access is denied.',
  wsmanCode: 5,
};

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function wsmanFaultEnvelope(fault: WSManFaultShape): string {
  const machine = escapeXml(fault.machine ?? 'replay.example');
  return (
    '<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
    '<s:Header><a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action></s:Header>' +
    `<s:Body><s:Fault><s:Code><s:Value>${escapeXml(fault.code)}</s:Value><s:Subcode><s:Value>${escapeXml(fault.subcode)}</s:Value></s:Subcode></s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${escapeXml(fault.reason)}</s:Text></s:Reason>` +
    `<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${fault.wsmanCode}" Machine="${machine}">` +
    `<f:Message>${escapeXml(fault.reason)}</f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>`
  );
}

const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';
const HTTP_OK = 200;
const HTTP_INTERNAL_SERVER_ERROR = 500;

/**
 * Plays an injected fault on `response`; `recordedAnswer` is the answer the exchange would have given (for a reset in
 * the middle of it). Returns false for a stall or a delay: the caller holds the request (and answers a delay later).
 */
export function playInjectedFault(fault: InjectedReplayFault, response: ServerResponse, recordedAnswer: string): boolean {
  switch (fault.kind) {
    case 'reset':
      response.socket?.destroy();
      return true;
    case 'reset-mid-body': {
      const body = Buffer.from(recordedAnswer, 'utf8');
      response.writeHead(HTTP_OK, { 'content-type': SOAP_CONTENT_TYPE, 'content-length': String(body.length) });
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
      return true;
    }
    case 'http-status':
      response.writeHead(fault.status, { 'content-type': 'text/html' }).end(fault.body ?? '<html><body>Server Error</body></html>');
      return true;
    case 'garbage':
      response.writeHead(HTTP_OK, { 'content-type': SOAP_CONTENT_TYPE }).end(fault.body ?? '\u0000\u0001 this is not XML');
      return true;
    case 'wsman-fault':
      response.writeHead(HTTP_INTERNAL_SERVER_ERROR, { 'content-type': SOAP_CONTENT_TYPE }).end(wsmanFaultEnvelope(fault.fault));
      return true;
    case 'stall':
    case 'delay':
      return false;
    default:
      return true;
  }
}
