/**
 * Every response Windows gave in ../shared/fixtures/pypsrp-recordings parses: envelopes, faults,
 * Create/Command/Receive bodies.
 */
import { describe, expect, it } from 'vitest';
import { recordedPairs } from '../../../../test-support/recorded-pairs.js';
import { NS_SHELL, NS_TRANSFER } from '../namespaces.js';
import { parseFault } from '../soap/fault-parser.js';
import { parseEnvelope } from '../soap/response-parser.js';
import { findChild, type XmlElement } from '../soap/xml-element.js';
import { readXml } from '../soap/xml-reader.js';
import { readCommandId, readReceiveResponse, readShellId } from './shell-responses.js';

const responses = recordedPairs().filter((pair) => pair.response !== null);

function responseKind(body: XmlElement): string {
  if (findChild(body, NS_SHELL, 'ReceiveResponse')) return 'Receive';
  if (findChild(body, NS_SHELL, 'CommandResponse')) return 'Command';
  if (findChild(body, NS_TRANSFER, 'ResourceCreated')) return 'Create';
  return 'other';
}

describe('parsing every recorded response', () => {
  it('has responses from every recording', () => {
    expect(new Set(responses.map((pair) => pair.file)).size).toBe(58);
    expect(responses.length).toBeGreaterThan(350);
  });

  it('parses each one and reads its body by kind', () => {
    const counts: Record<string, number> = { Receive: 0, Command: 0, Create: 0, other: 0, fault: 0 };
    for (const pair of responses) {
      const { body, action } = parseEnvelope(pair.response!);
      expect(action, `${pair.file}#${pair.index}`).toMatch(/^http:\/\//);
      const fault = parseFault(body, 500);
      if (fault !== null) {
        counts.fault!++;
        expect(fault.faultCode, `${pair.file}#${pair.index}`).toMatch(/^s:(Sender|Receiver)$/);
        expect(fault.machine, `${pair.file}#${pair.index}`).not.toBeNull();
        continue;
      }
      const kind = responseKind(body);
      counts[kind]!++;
      if (kind === 'Receive') {
        const result = readReceiveResponse(body);
        for (const stream of result.streams) expect(stream.data).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
        if (result.commandState !== null) expect(['Done', 'Running', 'Pending']).toContain(result.commandState.state);
      }
      if (kind === 'Command') expect(readCommandId(body)).toMatch(/^[0-9A-F-]{36}$/i);
      if (kind === 'Create') expect(readShellId(body)).toMatch(/^[0-9A-F-]{36}$/i);
    }
    expect(counts.Receive).toBeGreaterThan(150);
    expect(counts.Command).toBeGreaterThan(40);
    expect(counts.Create).toBeGreaterThan(50);
    expect(counts.fault).toBe(10);
  });
});

describe('readReceiveResponse', () => {
  const receive = (content: string): XmlElement =>
    findChild(
      readXml(
        `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:rsp="${NS_SHELL}"><s:Body><rsp:ReceiveResponse>${content}</rsp:ReceiveResponse></s:Body></s:Envelope>`,
      ),
      'http://www.w3.org/2003/05/soap-envelope',
      'Body',
    )!;

  it('reads streams, End flags, the state name and the exit code', () => {
    const result = readReceiveResponse(
      receive(
        '<rsp:Stream Name="stdout" CommandId="C1">aGk=</rsp:Stream><rsp:Stream Name="stderr" CommandId="C1" End="true"></rsp:Stream>' +
          `<rsp:CommandState CommandId="C1" State="${NS_SHELL}/CommandState/Done"><rsp:ExitCode>3</rsp:ExitCode></rsp:CommandState>`,
      ),
    );
    expect(result).toEqual({
      streams: [
        { name: 'stdout', commandId: 'C1', data: 'aGk=', end: false },
        { name: 'stderr', commandId: 'C1', data: '', end: true },
      ],
      commandState: { commandId: 'C1', state: 'Done', exitCode: 3 },
      timedOut: false,
    });
  });

  it('reads a pool-level stream without CommandId and a running command without exit code', () => {
    const result = readReceiveResponse(
      receive(`<rsp:Stream Name="stdout">AAAA</rsp:Stream><rsp:CommandState CommandId="C2" State="${NS_SHELL}/CommandState/Running"/>`),
    );
    expect(result.streams[0]!.commandId).toBeNull();
    expect(result.commandState).toEqual({ commandId: 'C2', state: 'Running', exitCode: null });
  });

  it('rejects a body without ReceiveResponse with a protocol error', () => {
    const body = findChild(readXml('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>'), 'http://www.w3.org/2003/05/soap-envelope', 'Body')!;
    expect(() => readReceiveResponse(body)).toThrow(expect.objectContaining({ code: 'WSMAN_ERR_PROTOCOL' }));
    expect(() => readShellId(body)).toThrow(expect.objectContaining({ code: 'WSMAN_ERR_PROTOCOL', action: 'Create' }));
    expect(() => readCommandId(body)).toThrow(expect.objectContaining({ code: 'WSMAN_ERR_PROTOCOL', action: 'Command' }));
  });
});

