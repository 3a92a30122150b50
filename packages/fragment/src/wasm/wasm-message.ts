/**
 * @module The wasm path of the message header codec (assembly/message.ts): GUID text is parsed
 * and formatted in wasm, the data is copied in to encode and left where it is to decode.
 */
import { GUID_BYTES, MESSAGE_HEADER_BYTES } from '../constants.js';
import { InvalidGuidError, MessageTooShortError } from '../errors.js';
import { type PsrpMessage, BOM_BYTES, assertU32 } from '../message.js';
import type { FragmentWasmExports } from './fragment-wasm-exports.js';
import type { WasmScratch } from './wasm-scratch.js';

const GUID_CHARS = 2 * GUID_BYTES + 4;
/** decodeMessageHeader's output: Destination, MessageType, data offset (u32 each), then the GUID texts. */
const DECODED_FIELDS_BYTES = 12;
const DECODED_BYTES = DECODED_FIELDS_BYTES + 2 * GUID_CHARS;

export interface WasmMessageCodec {
  encodeMessage(message: PsrpMessage): Uint8Array;
  decodeMessage(bytes: Uint8Array): PsrpMessage;
}

export function createWasmMessageCodec(wasm: FragmentWasmExports, scratch: WasmScratch): WasmMessageCodec {
  const textEncoder = new TextEncoder();
  const asciiDecoder = new TextDecoder();

  /** Writes a GUID's text at `pointer`, or throws InvalidGuidError when it is not 36 ASCII characters. */
  const writeGuidText = (guid: string, pointer: number): void => {
    const { read, written } = textEncoder.encodeInto(guid, scratch.view(pointer, GUID_CHARS));
    if (guid.length !== GUID_CHARS || read !== GUID_CHARS || written !== GUID_CHARS) throw new InvalidGuidError(guid);
  };

  return {
    encodeMessage(message) {
      assertU32('destination', message.destination);
      assertU32('messageType', message.messageType);
      const total = MESSAGE_HEADER_BYTES + message.data.length;
      const guids = scratch.reserve(2 * GUID_CHARS + message.data.length + total);
      const data = guids + 2 * GUID_CHARS;
      const target = data + message.data.length;
      writeGuidText(message.rpid, guids);
      writeGuidText(message.pid, guids + GUID_CHARS);
      scratch.view(data, message.data.length).set(message.data);
      const status = wasm.encodeMessage(message.destination, message.messageType, guids, data, message.data.length, target);
      if (status !== 0) throw new InvalidGuidError(status === -1 ? message.rpid : message.pid);
      return scratch.view(target, total).slice();
    },

    decodeMessage(bytes) {
      if (bytes.length < MESSAGE_HEADER_BYTES) throw new MessageTooShortError(bytes.length, MESSAGE_HEADER_BYTES);
      // Only the header and a possible BOM go into wasm; the data stays a view of `bytes`.
      const headerBytes = Math.min(bytes.length, MESSAGE_HEADER_BYTES + BOM_BYTES);
      const source = scratch.reserve(headerBytes + DECODED_BYTES);
      const target = source + headerBytes;
      scratch.view(source, headerBytes).set(bytes.subarray(0, headerBytes));
      wasm.decodeMessageHeader(source, headerBytes, target);
      const decoded = scratch.view(target, DECODED_BYTES);
      const fields = new DataView(decoded.buffer, decoded.byteOffset, DECODED_FIELDS_BYTES);
      return {
        destination: fields.getUint32(0, true),
        messageType: fields.getUint32(4, true),
        rpid: asciiDecoder.decode(decoded.subarray(DECODED_FIELDS_BYTES, DECODED_FIELDS_BYTES + GUID_CHARS)),
        pid: asciiDecoder.decode(decoded.subarray(DECODED_FIELDS_BYTES + GUID_CHARS)),
        data: bytes.subarray(fields.getUint32(8, true)),
      };
    },
  };
}
