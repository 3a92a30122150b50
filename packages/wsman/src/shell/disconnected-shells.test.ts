/**
 * The Disconnected Shell operations and WS-Enumeration, against a requester that records each request and answers
 * with canned envelopes: body shapes (MS-WSMV 3.1.4.15-17, MS-PSRP 3.1.5.3.14-18), enumeration paging with Pull,
 * and the readers of Connect and Enumerate answers.
 */
import { describe, expect, it } from 'vitest';
import { recordedPairs } from '../../../../test-support/recorded-pairs.js';
import { parseEnvelope, type SoapResponse } from '../soap/response-parser.js';
import type { WSManRequest, WSManRequester } from '../wsman-request.js';
import { ACTION_CONNECT, ACTION_DISCONNECT, ACTION_ENUMERATE, ACTION_PULL, ACTION_RECONNECT, RESOURCE_URI_SHELL, RESOURCE_URI_SHELL_COMMAND } from './shell-actions.js';
import { connectBody, disconnectBody, enumerateBody, pullBody, reconnectBody } from './shell-bodies.js';
import { connectShell } from './shell-connect.js';
import { enumerateShells } from './shell-enumeration.js';
import { parseDuration, readShellInfo } from './shell-responses.js';
import { WSManShell } from './wsman-shell.js';

const ENVELOPE =
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell" ' +
  'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Body>';
const CLOSE = '</s:Body></s:Envelope>';

class RecordingRequester implements WSManRequester {
  readonly requests: WSManRequest[] = [];
  constructor(readonly answers: string[]) {}
  async request(request: WSManRequest): Promise<SoapResponse> {
    this.requests.push(request);
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error('no answer left');
    return parseEnvelope(answer);
  }
}

describe('bodies', () => {
  it('Disconnect: empty, or with IdleTimeOut and BufferMode', () => {
    expect(disconnectBody({})).toBe('<rsp:Disconnect />');
    expect(disconnectBody({ idleTimeoutSeconds: 240, bufferMode: 'Drop' })).toBe(
      '<rsp:Disconnect><rsp:IdleTimeOut>PT240S</rsp:IdleTimeOut><rsp:BufferMode>Drop</rsp:BufferMode></rsp:Disconnect>',
    );
  });

  it('Reconnect: no body for the shell (as recorded), a CommandId for a command, a BufferMode', () => {
    expect(reconnectBody({})).toBe('');
    expect(reconnectBody({ commandId: 'C1' })).toBe('<rsp:Reconnect CommandId="C1" />');
    expect(reconnectBody({ bufferMode: 'Block' })).toBe('<rsp:Reconnect><rsp:BufferMode>Block</rsp:BufferMode></rsp:Reconnect>');
  });

  it('Connect: the open content for a shell, a CommandId for a command', () => {
    expect(connectBody({ openContent: { name: 'connectXml', namespace: 'http://schemas.microsoft.com/powershell', text: 'AAEC' } })).toBe(
      '<rsp:Connect><connectXml xmlns="http://schemas.microsoft.com/powershell">AAEC</connectXml></rsp:Connect>',
    );
    expect(connectBody({ commandId: 'C1' })).toBe('<rsp:Connect CommandId="C1" />');
  });

  it('Enumerate and Pull, with a selector filter', () => {
    expect(enumerateBody()).toBe(
      '<wsen:Enumerate xmlns:wsen="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><wsman:OptimizeEnumeration /><wsman:MaxElements>32000</wsman:MaxElements></wsen:Enumerate>',
    );
    expect(enumerateBody({ selectorFilter: { ShellId: 'S<1>' } })).toContain(
      '<wsman:Filter Dialect="http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter"><wsman:SelectorSet><wsman:Selector Name="ShellId">S&lt;1&gt;</wsman:Selector></wsman:SelectorSet></wsman:Filter>',
    );
    expect(pullBody({ context: 'ctx', maxElements: 5 })).toBe(
      '<wsen:Pull xmlns:wsen="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><wsen:EnumerationContext>ctx</wsen:EnumerationContext><wsen:MaxElements>5</wsen:MaxElements></wsen:Pull>',
    );
  });
});

describe('operations', () => {
  it('disconnect, reconnect and connectCommand address the shell by its ShellId', async () => {
    const requester = new RecordingRequester([`${ENVELOPE}${CLOSE}`, `${ENVELOPE}${CLOSE}`, `${ENVELOPE}<rsp:ConnectResponse/>${CLOSE}`]);
    const shell = new WSManShell(requester, 'S1', 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell');
    await shell.disconnect({ idleTimeoutSeconds: 60 });
    await shell.reconnect({ commandId: 'C1' });
    await shell.connectCommand({ commandId: 'C1' });
    expect(requester.requests.map((request) => [request.action, request.selectors, request.body])).toEqual([
      [ACTION_DISCONNECT, { ShellId: 'S1' }, '<rsp:Disconnect><rsp:IdleTimeOut>PT60S</rsp:IdleTimeOut></rsp:Disconnect>'],
      [ACTION_RECONNECT, { ShellId: 'S1' }, '<rsp:Reconnect CommandId="C1" />'],
      [ACTION_CONNECT, { ShellId: 'S1' }, '<rsp:Connect CommandId="C1" />'],
    ]);
  });

  it('connectShell sends the options and open content, and returns the connectResponseXml', async () => {
    const requester = new RecordingRequester([
      `${ENVELOPE}<rsp:ConnectResponse><rsp:InputStreams>stdin pr</rsp:InputStreams><rsp:OutputStreams>stdout</rsp:OutputStreams>` +
        `<connectResponseXml xmlns="http://schemas.microsoft.com/powershell">QUJD</connectResponseXml></rsp:ConnectResponse>${CLOSE}`,
    ]);
    const { shell, openContent } = await connectShell(requester, {
      resourceUri: 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell',
      shellId: 'S1',
      options: { protocolversion: '2.3' },
      openContent: { name: 'connectXml', namespace: 'http://schemas.microsoft.com/powershell', text: 'AAEC' },
    });
    expect(shell.id).toBe('S1');
    expect(openContent).toBe('QUJD');
    expect(requester.requests[0]).toMatchObject({
      action: ACTION_CONNECT,
      selectors: { ShellId: 'S1' },
      options: [{ name: 'protocolversion', value: '2.3', mustComply: true }],
    });
  });

  it('a Connect response without ConnectResponse is a protocol error', async () => {
    const requester = new RecordingRequester([`${ENVELOPE}${CLOSE}`]);
    await expect(connectShell(requester, { resourceUri: 'r', shellId: 'S1' })).rejects.toMatchObject({ code: 'WSMAN_ERR_PROTOCOL', action: 'Connect' });
  });

  it('enumerates in pages: the optimized Enumerate, then Pull until EndOfSequence', async () => {
    const shell = (id: string, uri: string) => `<rsp:Shell><rsp:ShellId>${id}</rsp:ShellId><rsp:ResourceUri>${uri}</rsp:ResourceUri></rsp:Shell>`;
    const requester = new RecordingRequester([
      `${ENVELOPE}<n:EnumerateResponse><n:EnumerationContext>ctx-1</n:EnumerationContext><w:Items>${shell('A', 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell')}</w:Items></n:EnumerateResponse>${CLOSE}`,
      `${ENVELOPE}<n:PullResponse><n:EnumerationContext>ctx-2</n:EnumerationContext><n:Items>${shell('B', 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd')}</n:Items></n:PullResponse>${CLOSE}`,
      `${ENVELOPE}<n:PullResponse><n:Items>${shell('C', 'http://schemas.microsoft.com/powershell/PowerShell.7')}</n:Items><n:EndOfSequence/></n:PullResponse>${CLOSE}`,
    ]);
    const shells = await enumerateShells(requester, { resourceUriPrefix: 'http://schemas.microsoft.com/powershell/' });
    expect(shells.map((item) => item.shellId)).toEqual(['A', 'C']);
    expect(requester.requests.map((request) => [request.action, request.resourceUri])).toEqual([
      [ACTION_ENUMERATE, RESOURCE_URI_SHELL],
      [ACTION_PULL, RESOURCE_URI_SHELL],
      [ACTION_PULL, RESOURCE_URI_SHELL],
    ]);
    expect(requester.requests[1]!.body).toContain('<wsen:EnumerationContext>ctx-1</wsen:EnumerationContext>');
  });

  it("lists a shell's commands with a ShellId filter", async () => {
    const requester = new RecordingRequester([
      `${ENVELOPE}<n:EnumerateResponse><n:EnumerationContext></n:EnumerationContext><w:Items><rsp:Command><rsp:CommandId>C1</rsp:CommandId></rsp:Command>` +
        `<rsp:Command CommandId="C2"/></w:Items><w:EndOfSequence/></n:EnumerateResponse>${CLOSE}`,
    ]);
    const shell = new WSManShell(requester, 'S1', 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell');
    expect(await shell.enumerateCommands()).toEqual(['C1', 'C2']);
    expect(requester.requests[0]).toMatchObject({ action: ACTION_ENUMERATE, resourceUri: RESOURCE_URI_SHELL_COMMAND });
    expect(requester.requests[0]!.selectors).toBeUndefined();
    expect(requester.requests[0]!.body).toContain('<wsman:Selector Name="ShellId">S1</wsman:Selector>');
  });
});

describe('readers', () => {
  it('reads xs:durations as seconds', () => {
    expect(parseDuration('PT7200.000S')).toBe(7200);
    expect(parseDuration('PT2147483.647S')).toBe(2147483.647);
    expect(parseDuration('P0DT0H0M9S')).toBe(9);
    expect(parseDuration('P1DT2H3M4.5S')).toBe(93784.5);
    expect(parseDuration('PT')).toBeNull();
    expect(parseDuration('nonsense')).toBeNull();
    expect(parseDuration(undefined)).toBeNull();
  });

  it('reads every shell a real server listed (test_psrp_disconnect_runspaces)', () => {
    const enumerate = recordedPairs((file) => file === 'test_psrp_disconnect_runspaces.yml').find((pair) => pair.request.includes('enumeration/Enumerate') && !pair.request.includes('Filter'))!;
    const items = parseEnvelope(enumerate.response!).body.children[0]!.children.find((child) => child.localName === 'Items')!.children;
    const shells = items.map(readShellInfo);
    expect(shells).toHaveLength(2);
    expect(shells[0]).toEqual({
      shellId: 'B6631D8E-65A0-49F2-9053-A1B156C95777',
      resourceUri: 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell',
      name: null,
      owner: 'WIN-NNMU24VVKJ0\\vagrant',
      clientIp: '10.0.2.2',
      processId: 2792,
      state: 'Disconnected',
      idleTimeoutSeconds: 7200,
      maxIdleTimeoutSeconds: 2147483.647,
      bufferMode: 'Block',
      inputStreams: ['stdin', 'pr'],
      outputStreams: ['stdout'],
      shellRunTimeSeconds: 9,
      shellInactivitySeconds: 0,
    });
  });
});
