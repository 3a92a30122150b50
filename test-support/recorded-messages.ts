/**
 * The PSRP messages of the pypsrp recordings, decoded with @psrp/fragment: payloads -> Defragmenter (one per
 * recording, direction and shell, as object ids are per pool and sender) -> 40-byte message header -> UTF-8 CLIXML.
 * Users must list @psrp/fragment among their dependencies, so that turbo builds it before their tests run.
 */
import { Defragmenter, decodeBase64, decodeMessage, type PsrpMessage } from '@psrp/fragment';
import { recordedPayloads, type PayloadDirection, type RecordedPayload } from './recorded-payloads.js';

/** One whole message, with where it came from. */
export interface RecordedPsrpMessage extends PsrpMessage {
  readonly file: string;
  /** Index of the exchange whose payload completed the message. */
  readonly exchange: number;
  readonly direction: PayloadDirection;
  readonly shellId: string;
  /** The message as its sender wrote it: header, BOM and data. */
  readonly bytes: Uint8Array;
  /** The data as text: CLIXML, the BOM dropped; '' for messages without data. */
  readonly body: string;
}

/** Reassembles the messages of payloads pushed in recorded order. */
export class RecordedMessageDecoder {
  readonly #streams = new Map<string, Defragmenter>();
  readonly #text = new TextDecoder();

  /** The messages `payload` completes. @throws the FragmentError of a payload that is not base64 of fragments. */
  push(payload: RecordedPayload): RecordedPsrpMessage[] {
    const key = `${payload.file} ${payload.direction} ${payload.shellId}`;
    let defragmenter = this.#streams.get(key);
    if (defragmenter === undefined) this.#streams.set(key, (defragmenter = new Defragmenter()));
    const { file, exchange, direction, shellId } = payload;
    return defragmenter.push(decodeBase64(payload.base64)).map((bytes) => {
      const message = decodeMessage(bytes);
      return { ...message, file, exchange, direction, shellId, bytes, body: this.#text.decode(message.data) };
    });
  }
}

let everyMessage: RecordedPsrpMessage[] | undefined;

/** Every whole PSRP message of every recording, in file and recorded order (read once per process). */
export function recordedPsrpMessages(): readonly RecordedPsrpMessage[] {
  if (everyMessage === undefined) {
    const decoder = new RecordedMessageDecoder();
    everyMessage = recordedPayloads().flatMap((payload) => decoder.push(payload));
  }
  return everyMessage;
}
