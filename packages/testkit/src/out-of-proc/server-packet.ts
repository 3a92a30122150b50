/**
 * @module out-of-proc/server-packet
 * The lines `pwsh -s` writes (OutOfProcessUtils.CreateDataPacket / CreatePSGuidPacket): single quotes, lowercase
 * D-format GUIDs, `Stream='Default'` on every server `<Data>`, no whitespace around the element. Written here rather
 * than imported from @psrp/client, so the peer checks the client's framing against an independent writer.
 */
export type ServerAck = 'DataAck' | 'CommandAck' | 'CloseAck' | 'SignalAck';

export function serverDataLine(guid: string, base64: string): string {
  return `<Data Stream='Default' PSGuid='${guid}'>${base64}</Data>`;
}

export function serverAckLine(kind: ServerAck, guid: string): string {
  return `<${kind} PSGuid='${guid}' />`;
}
