/**
 * Encodes outgoing PSRP messages (header and UTF-8 CLIXML) into one reused buffer. Every message is copied once
 * more when it is cut into fragments, so a small message needs no buffer of its own before that: a body, then the
 * header, then fragmenting cost three allocations and three copies per input object.
 */
import { encodeMessage, MESSAGE_HEADER_BYTES, writeMessageHeader, type PsrpMessage } from '@psrp/fragment';

/** Messages larger than this are encoded into a buffer of their own, not kept around. */
const REUSED_BYTES = 64 * 1024;

export class MessageEncoder {
  readonly #scratch = new Uint8Array(REUSED_BYTES);

  /** The message with `body` (UTF-8 CLIXML) as its data; a view of the reused buffer, valid until the next call. */
  encode(header: Omit<PsrpMessage, 'data'>, body: Uint8Array): Uint8Array {
    if (MESSAGE_HEADER_BYTES + body.length <= REUSED_BYTES) {
      this.#scratch.set(body, MESSAGE_HEADER_BYTES);
      writeMessageHeader(header, this.#scratch, 0);
      return this.#scratch.subarray(0, MESSAGE_HEADER_BYTES + body.length);
    }
    return encodeMessage({ ...header, data: body });
  }
}
