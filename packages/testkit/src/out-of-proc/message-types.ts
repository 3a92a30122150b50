/**
 * @module out-of-proc/message-types
 * The MS-PSRP 2.2.1 MessageType values the replay peer acts on. @psrp/client owns the full catalogue, but the
 * testkit cannot import it at run time (the client depends on the testkit for its tests), so the few needed are here.
 */
export const PeerMessageType = {
  SESSION_CAPABILITY: 0x00010002,
  INIT_RUNSPACEPOOL: 0x00010004,
  RUNSPACEPOOL_STATE: 0x00021005,
  CREATE_PIPELINE: 0x00021006,
  PIPELINE_INPUT: 0x00041002,
  END_OF_PIPELINE_INPUT: 0x00041003,
  PIPELINE_STATE: 0x00041006,
} as const;

const HEX_RADIX = 16;
const MESSAGE_TYPE_DIGITS = 8;

/** A MessageType as the spec prints it, for messages and mismatch reports. */
export function formatMessageType(messageType: number): string {
  const name = Object.entries(PeerMessageType).find(([, value]) => value === messageType)?.[0];
  return name ?? `0x${messageType.toString(HEX_RADIX).padStart(MESSAGE_TYPE_DIGITS, '0')}`;
}
