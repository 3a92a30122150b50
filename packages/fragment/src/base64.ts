/**
 * @module base64 as both transports wrap fragments in it (WSMan stream text, out-of-proc
 * `<Data>`), synchronous and with no initialisation. An engine from loadFragmentEngine may be
 * faster where the runtime has no base64 of its own.
 */
import { syncEngine } from './ts-engine.js';

/** Padded base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  return syncEngine.encodeBase64(bytes);
}

/**
 * The bytes of padded base64 `text`.
 * @throws InvalidBase64Error for characters outside A-Z a-z 0-9 + /, bad padding or length.
 */
export function decodeBase64(text: string): Uint8Array {
  return syncEngine.decodeBase64(text);
}
