/**
 * @module http/http-engine
 * Posts one SOAP envelope over fetch and returns the status and body text, bounded in size.
 * Maps every failure to a typed error: abort, timeout, connection failure, 401.
 */
import { WSManAbortError, WSManAuthError, WSManHttpError, WSManTimeoutError, WSManTransportError } from '../errors.js';

export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';
const HTTP_UNAUTHORIZED = 401;
const MILLISECONDS_PER_SECOND = 1000;

export interface HttpExchange {
  endpoint: string;
  /** Used in error messages only ('Receive', 'Create'). */
  action: string;
  envelope: string;
  authorization: string | undefined;
  fetch: typeof globalThis.fetch;
  maxResponseBytes: number;
  timeoutSeconds: number;
  signal: AbortSignal | undefined;
}

export interface HttpResult {
  status: number;
  statusText: string;
  text: string;
}

async function readBounded(response: Response, maxBytes: number, action: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(response, action, maxBytes);
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(response, action, maxBytes);
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8').decode(joined);
}

function tooLarge(response: Response, action: string, maxBytes: number): WSManHttpError {
  return new WSManHttpError(response.status, `${action} response larger than ${maxBytes} bytes`, '');
}

function offeredSchemes(response: Response): string[] {
  const header = response.headers.get('www-authenticate') ?? '';
  return header
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((scheme) => /^[A-Za-z][\w-]*$/.test(scheme) && !scheme.includes('='));
}

/** Sends the envelope; resolves with any HTTP answer except 401, which throws WSManAuthError. */
export async function postEnvelope(exchange: HttpExchange): Promise<HttpResult> {
  const { signal, action } = exchange;
  if (signal?.aborted) throw new WSManAbortError(action, { cause: signal.reason });
  // Our own controller joins the caller's signal and the request timeout without AbortSignal.any,
  // which older runtimes lack.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, exchange.timeoutSeconds * MILLISECONDS_PER_SECOND);
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const headers: Record<string, string> = { 'content-type': SOAP_CONTENT_TYPE };
  if (exchange.authorization !== undefined) headers.authorization = exchange.authorization;
  try {
    const response = await exchange.fetch(exchange.endpoint, {
      method: 'POST',
      headers,
      body: exchange.envelope,
      signal: controller.signal,
    });
    if (response.status === HTTP_UNAUTHORIZED) {
      await response.body?.cancel();
      throw new WSManAuthError(response.status, offeredSchemes(response));
    }
    const text = await readBounded(response, exchange.maxResponseBytes, action);
    return { status: response.status, statusText: response.statusText, text };
  } catch (error) {
    if (error instanceof WSManAuthError || error instanceof WSManHttpError) throw error;
    if (signal?.aborted) throw new WSManAbortError(action, { cause: signal.reason });
    if (timedOut) throw new WSManTimeoutError(action, exchange.timeoutSeconds);
    throw new WSManTransportError(exchange.endpoint, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
