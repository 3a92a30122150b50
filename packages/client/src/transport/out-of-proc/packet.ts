/**
 * The out-of-proc line framing PowerShell uses for `pwsh -s`, `-sshs` and its named pipes (not in MS-PSRP; see
 * PowerShell's OutOfProcessUtils): one XML element per line, single-quoted attributes, no whitespace around the
 * element, GUIDs in lowercase D format. The parser accepts exactly these shapes and nothing else.
 */
import { PsrpProtocolError } from '../../errors.js';

export type PacketStream = 'Default' | 'PromptResponse';

export type OutOfProcPacket =
  | { readonly kind: 'Data'; readonly stream: PacketStream; readonly guid: string; readonly base64: string }
  | { readonly kind: 'DataAck' | 'Command' | 'CommandAck' | 'Close' | 'CloseAck' | 'Signal' | 'SignalAck'; readonly guid: string };

export type ControlKind = Exclude<OutOfProcPacket['kind'], 'Data'>;

/** A `<Data>` line carries at most 32 KiB of fragments; anything far beyond that is not a PowerShell peer. */
export const MAX_PACKET_LINE_CHARS = 1 << 20;

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const DATA_LINE = new RegExp(`^<Data Stream=(['"])(Default|PromptResponse)\\1 PSGuid=(['"])(${GUID})\\3>([A-Za-z0-9+/=]*)</Data>$`);
const CONTROL_LINE = new RegExp(`^<(DataAck|Command|CommandAck|Close|CloseAck|Signal|SignalAck) PSGuid=(['"])(${GUID})\\2 ?/>$`);

export function encodeDataPacket(stream: PacketStream, guid: string, base64: string): string {
  return `<Data Stream='${stream}' PSGuid='${guid}'>${base64}</Data>`;
}

export function encodeControlPacket(kind: ControlKind, guid: string): string {
  return `<${kind} PSGuid='${guid}' />`;
}

/** Parses one line (without its line ending). */
export function parsePacket(line: string): OutOfProcPacket {
  if (line.length > MAX_PACKET_LINE_CHARS) {
    throw new PsrpProtocolError(`Out-of-proc line of ${line.length} characters exceeds ${MAX_PACKET_LINE_CHARS}`);
  }
  const data = DATA_LINE.exec(line);
  if (data) return { kind: 'Data', stream: data[2] as PacketStream, guid: data[4]!.toLowerCase(), base64: data[5]! };
  const control = CONTROL_LINE.exec(line);
  if (control) return { kind: control[1] as ControlKind, guid: control[3]!.toLowerCase() };
  throw new PsrpProtocolError(`Unreadable out-of-proc line: ${JSON.stringify(line.slice(0, 120))}`);
}
