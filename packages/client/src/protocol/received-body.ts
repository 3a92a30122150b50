/**
 * A received message's body as the machine reads it: a short one as text, a long one as its UTF-8 bytes, which
 * deserializeUtf8 reads in pieces (a text over 128 KiB is a string V8 maps fresh memory for, whose first touch costs
 * more than reading it on a VM). Either way the body says whether it holds `<SS>` (SecureStrings to decrypt).
 */
import { decodeUtf8 } from '@psrp/clixml';
import { includesAsciiNatively } from '@psrp/fragment';

/**
 * Bodies up to this long are decoded whole here, as deserializeUtf8 would decode them anyway (its whole-text size):
 * one TextDecoder call and a native search for `<SS`, where bytes would take a scan in JS too.
 */
const TEXT_BODY_BYTES = 96 * 1024;
const SECURE_STRING_TAG = '<SS';
const LESS_THAN = 0x3c;
const UPPER_S = 0x53;

export interface ReceivedBody {
  /** The text, or the bytes (a copy when the body must outlive the lent message: see keep()). */
  readonly content: string | Uint8Array;
  readonly holdsSecureStrings: boolean;
  readonly isEmpty: boolean;
}

/**
 * Whether `<SS` occurs, by Horspool's search, where the runtime has no search of its own (includesAsciiNatively): each
 * step looks at the last byte of a three-byte window and moves it by as much as that byte allows (three for most
 * bytes), about twice as fast as testing every position.
 */
export function bytesHoldSecureStringTag(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let last = 2;
  while (last < length) {
    const code = bytes[last];
    if (code === UPPER_S) {
      if (bytes[last - 1] === UPPER_S && bytes[last - 2] === LESS_THAN) return true;
      last += 1;
    } else if (code === LESS_THAN) {
      last += 2;
    } else {
      last += 3;
    }
  }
  return false;
}

/** The body of a message whose bytes are lent (valid until the handler returns). */
export function receivedBody(data: Uint8Array): ReceivedBody {
  if (data.length > TEXT_BODY_BYTES) {
    return { content: data, holdsSecureStrings: includesAsciiNatively(data, SECURE_STRING_TAG) ?? bytesHoldSecureStringTag(data), isEmpty: false };
  }
  const text = data.length === 0 ? '' : decodeUtf8(data);
  return { content: text, holdsSecureStrings: text.includes(SECURE_STRING_TAG), isEmpty: text.length === 0 };
}

/** The body made to outlive its lent bytes (a message held until the session key arrives). */
export function keptBody(body: ReceivedBody): ReceivedBody {
  return typeof body.content === 'string' ? body : { ...body, content: body.content.slice() };
}
