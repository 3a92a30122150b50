/**
 * Encodes outgoing PSRP messages (header and UTF-8 CLIXML) into one reused buffer. Every message is copied once
 * more when it is cut into fragments, so a small message needs no buffer of its own before that: encoding text,
 * then adding the header, then fragmenting cost three allocations and three copies per input object.
 */
import { encodeMessage, MESSAGE_HEADER_BYTES, writeMessageHeader, type PsrpMessage } from '@psrp/fragment';

/** Messages whose text could take more than this are encoded into a buffer of their own, not kept around. */
const REUSED_BYTES = 64 * 1024;
const MAX_UTF8_BYTES_PER_UTF16_UNIT = 3;

export class MessageEncoder {
  readonly #scratch = new Uint8Array(REUSED_BYTES);
  readonly #encoder = new TextEncoder();

  /** The message with `text` as its data; a view of the reused buffer, valid until the next call. */
  encode(header: Omit<PsrpMessage, 'data'>, text: string): Uint8Array {
    if (MESSAGE_HEADER_BYTES + text.length * MAX_UTF8_BYTES_PER_UTF16_UNIT <= REUSED_BYTES) {
      const { written } = this.#encoder.encodeInto(text, this.#scratch.subarray(MESSAGE_HEADER_BYTES));
      writeMessageHeader(header, this.#scratch, 0);
      return this.#scratch.subarray(0, MESSAGE_HEADER_BYTES + written);
    }
    return encodeMessage({ ...header, data: this.#encoder.encode(text) });
  }
}
