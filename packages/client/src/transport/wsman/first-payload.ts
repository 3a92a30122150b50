/**
 * What the WSMan transport reads from the pool's first payload (MS-PSRP 3.1.5.3.1, 3.1.5.3.14): whether it opens a new
 * pool (INIT_RUNSPACEPOOL, sent in a Create's creationXml) or connects to a disconnected one (CONNECT_RUNSPACEPOOL, in
 * a Connect's connectXml); the RPID, which PowerShell proposes as the ShellId; and the protocol version the pool
 * announces, which goes in the `protocolversion` option.
 */
import { FRAGMENT_HEADER_BYTES, MESSAGE_HEADER_BYTES, bytesToGuid, readFragmentHeader } from '@psrp/fragment';
import { MessageType } from '../../protocol/message-type.js';

/** Offsets in the 40-byte message header (MS-PSRP 2.2.1). */
const MESSAGE_TYPE_OFFSET = 4;
const RPID_OFFSET = 8;
const PROTOCOL_VERSION_PATTERN = /<Version N="protocolversion">([^<]+)<\/Version>/;

export interface FirstPayload {
  /** The RunspacePool id of the first message. */
  readonly rpid: string | null;
  /** The message types started in the payload, in order. */
  readonly messageTypes: readonly number[];
  /** SESSION_CAPABILITY's protocolversion, when the payload holds that message whole. */
  readonly protocolVersion: string | null;
  /** True when the payload connects to an existing pool rather than creating one. */
  readonly connects: boolean;
}

export function readFirstPayload(data: Uint8Array): FirstPayload {
  const messageTypes: number[] = [];
  let rpid: string | null = null;
  let protocolVersion: string | null = null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let offset = 0; offset + FRAGMENT_HEADER_BYTES <= data.length; ) {
    const header = readFragmentHeader(data, offset);
    const blob = offset + FRAGMENT_HEADER_BYTES;
    if (header.start && blob + MESSAGE_HEADER_BYTES <= data.length) {
      const type = view.getUint32(blob + MESSAGE_TYPE_OFFSET, true);
      messageTypes.push(type);
      rpid ??= bytesToGuid(data, blob + RPID_OFFSET);
      if (type === MessageType.SESSION_CAPABILITY && header.end) {
        const text = new TextDecoder().decode(data.subarray(blob + MESSAGE_HEADER_BYTES, blob + header.blobLength));
        protocolVersion = PROTOCOL_VERSION_PATTERN.exec(text)?.[1] ?? null;
      }
    }
    offset = blob + header.blobLength;
  }
  return { rpid, messageTypes, protocolVersion, connects: messageTypes.includes(MessageType.CONNECT_RUNSPACEPOOL) };
}
