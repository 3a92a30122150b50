import { describe, expect, it } from 'vitest';
import { PsrpProtocolError } from '../../errors.js';
import { MAX_PACKET_LINE_CHARS, encodeControlPacket, encodeDataPacket, parsePacket } from './packet.js';

const PID = '4218a578-0f18-4b19-82c3-46b433319126';

describe('out-of-proc packets', () => {
  it('writes the exact shapes PowerShell reads: single quotes, lowercase GUID, no whitespace around', () => {
    expect(encodeDataPacket('Default', PID, 'AAEC')).toBe(`<Data Stream='Default' PSGuid='${PID}'>AAEC</Data>`);
    expect(encodeDataPacket('PromptResponse', PID, '')).toBe(`<Data Stream='PromptResponse' PSGuid='${PID}'></Data>`);
    expect(encodeControlPacket('Command', PID)).toBe(`<Command PSGuid='${PID}' />`);
    expect(encodeControlPacket('Close', '00000000-0000-0000-0000-000000000000')).toBe(
      "<Close PSGuid='00000000-0000-0000-0000-000000000000' />",
    );
  });

  it('reads what a PowerShell server writes', () => {
    expect(parsePacket(`<Data Stream='Default' PSGuid='${PID}'>AAEC</Data>`)).toEqual({
      kind: 'Data',
      stream: 'Default',
      guid: PID,
      base64: 'AAEC',
    });
    for (const kind of ['DataAck', 'CommandAck', 'CloseAck', 'SignalAck'] as const) {
      expect(parsePacket(`<${kind} PSGuid='${PID.toUpperCase()}' />`)).toEqual({ kind, guid: PID });
    }
  });

  it.each([
    ['an unknown element', `<Hello PSGuid='${PID}' />`],
    ['an extra attribute', `<DataAck PSGuid='${PID}' Extra='1' />`],
    ['a missing Stream', `<Data PSGuid='${PID}'>AAEC</Data>`],
    ['an unknown stream', `<Data Stream='Other' PSGuid='${PID}'>AAEC</Data>`],
    ['a malformed GUID', "<DataAck PSGuid='not-a-guid' />"],
    ['non-base64 content', `<Data Stream='Default' PSGuid='${PID}'>AA EC</Data>`],
    ['leading whitespace', ` <DataAck PSGuid='${PID}' />`],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]>'],
    ['text', 'hello'],
  ])('rejects %s with a PsrpProtocolError', (_, line) => {
    expect(() => parsePacket(line)).toThrow(PsrpProtocolError);
  });

  it('rejects a line far longer than any 32 KiB payload before matching it', () => {
    const line = `<Data Stream='Default' PSGuid='${PID}'>${'A'.repeat(MAX_PACKET_LINE_CHARS)}</Data>`;
    expect(() => parsePacket(line)).toThrow(/exceeds/);
  });
});
