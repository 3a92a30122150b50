/**
 * @module The PSRP message header codec (MS-PSRP 2.2.1): Destination and MessageType as
 * little-endian u32, RPID and PID as .NET-ordered GUIDs, then the UTF-8 data.
 */
import { MESSAGE_HEADER_BYTES, UTF8_BOM } from './constants.js';
import { InvalidArgumentError, MessageTooShortError } from './errors.js';
import { bytesToGuid, writeGuid } from './guid.js';

/** MS-PSRP 2.2.1 Destination values. */
export const Destination = { Client: 1, Server: 2 } as const;

/** One PSRP message: the 40-byte header fields and the data that follows them. */
export interface PsrpMessage {
  /** 1 targets the client, 2 the server ({@link Destination}). */
  destination: number;
  /** MS-PSRP 2.2.1 MessageType, e.g. 0x00010002 SESSION_CAPABILITY. */
  messageType: number;
  /** RunspacePool id, lowercase 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'. */
  rpid: string;
  /** Pipeline id; the all-zero GUID for pool messages. */
  pid: string;
  /** The UTF-8 data; {@link decodeMessage} strips a leading BOM. */
  data: Uint8Array;
}

/** The UTF-8 BOM PowerShell writes before message data. */
export const BOM_BYTES = UTF8_BOM.length;
const DESTINATION_OFFSET = 0;
const MESSAGE_TYPE_OFFSET = 4;
const RPID_OFFSET = 8;
const PID_OFFSET = 24;
const MAX_U32 = 0xffff_ffff;

/** Throws InvalidArgumentError unless `value` fits the header's u32 field `name`. */
export function assertU32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_U32) {
    throw new InvalidArgumentError(name, 'an integer in 0..0xFFFFFFFF');
  }
}

/** Without a DataView: the header is written for every message sent, and a view per message showed in profiles. */
function writeUint32LittleEndian(value: number, target: Uint8Array, offset: number): void {
  target[offset] = value & 0xff;
  target[offset + 1] = (value >>> 8) & 0xff;
  target[offset + 2] = (value >>> 16) & 0xff;
  target[offset + 3] = value >>> 24;
}

/**
 * Writes the 40-byte header of `message` into `target` at `offset`.
 * @example writeMessageHeader(message, buffer, 0)
 */
export function writeMessageHeader(message: Omit<PsrpMessage, 'data'>, target: Uint8Array, offset = 0): void {
  assertU32('destination', message.destination);
  assertU32('messageType', message.messageType);
  if (offset < 0 || offset + MESSAGE_HEADER_BYTES > target.length) throw new RangeError('the message header does not fit the target');
  writeUint32LittleEndian(message.destination, target, offset + DESTINATION_OFFSET);
  writeUint32LittleEndian(message.messageType, target, offset + MESSAGE_TYPE_OFFSET);
  writeGuid(message.rpid, target, offset + RPID_OFFSET);
  writeGuid(message.pid, target, offset + PID_OFFSET);
}

/**
 * The header followed by the data, in one new buffer. Adds no BOM: PowerShell accepts data with
 * or without one.
 * @example encodeMessage({ destination: Destination.Server, messageType: 0x00010002, rpid, pid: EMPTY_GUID, data })
 */
export function encodeMessage(message: PsrpMessage): Uint8Array {
  const bytes = new Uint8Array(MESSAGE_HEADER_BYTES + message.data.length);
  writeMessageHeader(message, bytes, 0);
  bytes.set(message.data, MESSAGE_HEADER_BYTES);
  return bytes;
}

function startsWithBom(bytes: Uint8Array, offset: number): boolean {
  return (
    bytes.length >= offset + UTF8_BOM.length &&
    bytes[offset] === UTF8_BOM[0] &&
    bytes[offset + 1] === UTF8_BOM[1] &&
    bytes[offset + 2] === UTF8_BOM[2]
  );
}

/**
 * Splits a reassembled message into its header fields and data. `data` is a view of `bytes`
 * (no copy), without the UTF-8 BOM if there was one.
 * @throws MessageTooShortError when `bytes` is shorter than the 40-byte header.
 */
export function decodeMessage(bytes: Uint8Array): PsrpMessage {
  if (bytes.length < MESSAGE_HEADER_BYTES) throw new MessageTooShortError(bytes.length, MESSAGE_HEADER_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, MESSAGE_HEADER_BYTES);
  const dataOffset = startsWithBom(bytes, MESSAGE_HEADER_BYTES)
    ? MESSAGE_HEADER_BYTES + UTF8_BOM.length
    : MESSAGE_HEADER_BYTES;
  return {
    destination: view.getUint32(DESTINATION_OFFSET, true),
    messageType: view.getUint32(MESSAGE_TYPE_OFFSET, true),
    rpid: bytesToGuid(bytes, RPID_OFFSET),
    pid: bytesToGuid(bytes, PID_OFFSET),
    data: bytes.subarray(dataOffset),
  };
}
