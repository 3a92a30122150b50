/**
 * Secrets in host calls and their answers. A SecureString can only go on the wire encrypted with the session key
 * (or, with protocol 2.4 peers, as base64 of its UTF-16LE text). A host hands them over as plain strings or
 * {@link SecureText} markers; host dispatch turns each into either a PSSecureString (already encoded) or the
 * client's SecureString, which the runspace pool machine encodes wherever it sits in a body it queues. The writers
 * of the host data types accept both.
 */
import { PSSecureString, type PsValue } from '@psrp/clixml';
import { SecureString } from '../secure-string.js';

/**
 * A secret in plain text on its way to becoming a `<SS>`. Whoever holds the session key (the session, after the
 * key exchange) turns it into a PSSecureString; nothing in this module encrypts or serializes it.
 */
export interface SecureText {
  readonly kind: 'secure-string';
  readonly value: string;
}

export function secureText(value: string): SecureText {
  return { kind: 'secure-string', value };
}

export function isSecureText(value: unknown): value is SecureText {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'secure-string' &&
    typeof (value as { value?: unknown }).value === 'string'
  );
}

/**
 * A secret ready for the wire: a PSSecureString already encoded, or the client's SecureString, which the machine
 * encodes when it queues the message (see secure-string.ts).
 */
export type WireSecret = PSSecureString | SecureString;

export function isWireSecret(value: unknown): value is WireSecret {
  return value instanceof PSSecureString || value instanceof SecureString;
}

/**
 * A SecureString placed inside a message body. PsValue has no SecureString; the machine finds and encodes it
 * anywhere in a body it queues (containsSecureString / encodeSecureStrings), so it may sit where a PsValue goes.
 */
export function asBodyValue(value: PsValue | SecureString): PsValue {
  return value as PsValue;
}
