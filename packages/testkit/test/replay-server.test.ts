/**
 * The ReplayServer's own behaviour: mismatch reporting, injected faults as HTTP behaviour, and
 * id rewriting in the SOAP text. Reads ../shared/fixtures/pypsrp-recordings (RecordingsMissingError
 * names the path when absent).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { decodeBase64, decodeFragments, encodeBase64 } from '@psrp/fragment';
import {
  ACTION_GET,
  RESOURCE_URI_CMD,
  RESOURCE_URI_CONFIG,
  RESOURCE_URI_POWERSHELL,
  WSManAbortError,
  WSManAuthError,
  WSManClient,
  WSManFaultError,
  WSManHttpError,
  WSManShell,
  WSManTransportError,
  buildEnvelope,
} from '@psrp/wsman';
import { ReplayServer, parseRecording, recordingPath } from '../src/index.js';

const CMD_STREAMS = { inputStreams: ['stdin'], outputStreams: ['stdout', 'stderr'] };

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

/** The recorded Get of the WinRM config, as a one-entry recording with `extra` keys. */
function configGetRecording(extra: Record<string, unknown>): string {
  const [recorded] = parseRecording(readFileSync(recordingPath('test_wsman_update_envelope_size_150.yml'), 'utf8'));
  return stringify({ messages: [{ request: recorded!.request, response: recorded!.response, ...extra }] });
}

describe('ReplayServer mismatch reporting', () => {
  it('answers a request that does not match with a SOAP fault, records it and does not advance', async () => {
    server = await ReplayServer.start(recordingPath('test_winrs_standard.yml'));
    const client = new WSManClient({ endpoint: server.url });
    const failure = await failureOf(new WSManShell(client, 'A1B2C3D4-0000-0000-0000-000000000000', RESOURCE_URI_CMD).delete());
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(failure).toMatchObject({ status: 500, subcode: 'w:ReplayMismatch', machine: 'psrp-replay' });
    expect(server.mismatches).toEqual([
      'request 0 (recorded Create): action Delete where the recording has Create; selectors [ShellId] where the recording has []',
    ]);
    expect(server.remaining).toBe(5);

    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    expect(server.remaining).toBe(4);
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'echo', 'hi'] });
    await failureOf(shell.receive({ streams: ['stdout'] }));
    expect(server.mismatches[1]).toBe(
      'request 2 (recorded Receive): no CommandId where the recording has one; streams [stdout] where the recording has [stderr stdout]',
    );
    const result = await shell.receive({ commandId, streams: ['stdout', 'stderr'] });
    expect(result.commandState?.state).toBe('Done');
    expect(server.mismatches).toHaveLength(2);
    expect(server.remaining).toBe(2);
  });

  it('compares the PSRP message types inside the base64 payloads', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'));
    const [create] = parseRecording(readFileSync(recordingPath('test_psrp_open_runspace.yml'), 'utf8'));
    const creationXml = /<creationXml[^>]*>([^<]+)</.exec(create!.request)![1]!;
    // Only the first fragment: SESSION_CAPABILITY without INIT_RUNSPACEPOOL.
    const bytes = decodeBase64(creationXml);
    const [first] = decodeFragments(bytes);
    const firstOnly = bytes.subarray(0, first!.blob.byteOffset - bytes.byteOffset + first!.blob.length);
    const client = new WSManClient({ endpoint: server.url });
    const failure = await failureOf(
      client.createShell({
        resourceUri: RESOURCE_URI_POWERSHELL,
        shellId: '11111111-2222-3333-4444-555555555555',
        inputStreams: ['stdin', 'pr'],
        outputStreams: ['stdout'],
        options: { protocolversion: '2.3' },
        openContent: { name: 'creationXml', namespace: 'http://schemas.microsoft.com/powershell', text: encodeBase64(firstOnly) },
      }),
    );
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(server.mismatches).toEqual([
      'request 0 (recorded Create): PSRP messages [0x00010002] where the recording has [0x00010002,0x00010004]',
    ]);
  });

  it('reports requests after the recording is exhausted', async () => {
    server = await ReplayServer.start(recordingPath('test_wsman_update_envelope_size_150.yml'));
    const client = new WSManClient({ endpoint: server.url });
    await client.get({ resourceUri: RESOURCE_URI_CONFIG });
    expect(server.remaining).toBe(0);
    expect(await failureOf(client.get({ resourceUri: RESOURCE_URI_CONFIG }))).toBeInstanceOf(WSManFaultError);
    expect(server.mismatches).toEqual(['request 1 (Get): the recording has no exchange left']);
  });

  it('reports unreadable envelopes, DOCTYPEs and non-POST requests', async () => {
    server = await ReplayServer.start(recordingPath('test_wsman_update_envelope_size_150.yml'));
    const garbage = await fetch(server.url, { method: 'POST', body: 'not xml at all' });
    expect(garbage.status).toBe(500);
    expect(await garbage.text()).toContain('unreadable envelope');
    const doctype = await fetch(server.url, { method: 'POST', body: '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>' });
    expect(doctype.status).toBe(500);
    const get = await fetch(server.url);
    expect(get.status).toBe(405);
    expect(server.mismatches).toHaveLength(3);
    expect(server.mismatches[0]).toMatch(/^request 0: unreadable envelope/);
    expect(server.mismatches[1]).toMatch(/DOCTYPE/);
    expect(server.mismatches[2]).toMatch(/^GET \/wsman: only POST/);
    expect(server.remaining).toBe(1);
  });
});

describe('ReplayServer for browser pages (allowAnyOrigin)', () => {
  it('answers CORS preflights and lets any origin read the answers', async () => {
    server = await ReplayServer.start(recordingPath('test_wsman_update_envelope_size_150.yml'), { allowAnyOrigin: true });
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    const client = new WSManClient({ endpoint: server.url });
    await client.get({ resourceUri: RESOURCE_URI_CONFIG });
    const refused = await fetch(server.url, { method: 'POST', body: 'not xml at all' });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(server.mismatches).toEqual([expect.stringMatching(/unreadable envelope/)]);
    expect(server.remaining).toBe(0);
  });

  it('sends no CORS headers by default, as a WinRM listener does', async () => {
    server = await ReplayServer.start(recordingPath('test_wsman_update_envelope_size_150.yml'));
    const preflight = await fetch(server.url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('ReplayServer injected faults', () => {
  it('http_error answers HTTP 500 without a SOAP body', async () => {
    server = await ReplayServer.fromText(configGetRecording({ response: null, http_error: true }));
    const failure = await failureOf(new WSManClient({ endpoint: server.url }).get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManHttpError);
    expect(failure).toMatchObject({ status: 500 });
  });

  it('transport_error with an HTTP code answers that status with the recorded fault', async () => {
    const recorded = parseRecording(readFileSync(recordingPath('test_psrp_is_alive_other_wsman_error.yml'), 'utf8'));
    const faulted = recorded.find((exchange) => exchange.fault !== null)!;
    expect(faulted.fault).toEqual({ kind: 'http-status', status: 500 });
    server = await ReplayServer.fromText(configGetRecording({ response: faulted.response, transport_error: { protocol: 'http', code: 500 } }));
    const failure = await failureOf(new WSManClient({ endpoint: server.url }).get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(failure).toMatchObject({ status: 500, machine: '127.0.0.1', faultCode: 's:Sender', subcode: 'a:InvalidMessageInformationHeader', wsmanFaultCode: 2150858767 });
  });

  it('transport_error without an HTTP code drops the connection', async () => {
    server = await ReplayServer.fromText(configGetRecording({ transport_error: { protocol: 'tcp' } }));
    const failure = await failureOf(new WSManClient({ endpoint: server.url }).get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManTransportError);
    expect(server.remaining).toBe(0);
  });

  it('auth_error answers 401 with the schemes a Windows server offers', async () => {
    server = await ReplayServer.fromText(configGetRecording({ auth_error: true }));
    const failure = await failureOf(new WSManClient({ endpoint: server.url }).get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManAuthError);
    expect(failure).toMatchObject({ status: 401, offeredSchemes: ['Negotiate', 'Basic'] });
  });

  it('timeout hangs until the client aborts', async () => {
    server = await ReplayServer.fromText(configGetRecording({ timeout: 1 }));
    const controller = new AbortController();
    const pending = failureOf(new WSManClient({ endpoint: server.url }).get({ resourceUri: RESOURCE_URI_CONFIG, signal: controller.signal }));
    // The entry is consumed once the server has the request; abort only then.
    while (server.remaining > 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await pending).toBeInstanceOf(WSManAbortError);
  });

  it('timeout is bounded: the server drops the request after its hang limit', async () => {
    server = await ReplayServer.fromText(configGetRecording({ timeout: 1 }), { hangLimitMs: 1 });
    const failure = await failureOf(new WSManClient({ endpoint: server.url }).get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManTransportError);
  });
});

describe('ReplayServer id rewriting in SOAP text', () => {
  it('answers RelatesTo with the live MessageID and the live ShellId in the recorded case', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_is_alive_state_disconnected.yml'));
    const recorded = parseRecording(readFileSync(recordingPath('test_psrp_is_alive_state_disconnected.yml'), 'utf8'));
    const liveMessageId = 'ABCDEF01-2345-6789-ABCD-EF0123456789';
    const post = async (request: string): Promise<string> => (await fetch(server!.url, { method: 'POST', body: request })).text();
    // Replay the recorded Create/Receive/Receive with the ShellId and RPID swapped for live ones.
    const recordedShellId = /ShellId="([^"]+)"/.exec(recorded[0]!.request)![1]!;
    const liveShellId = 'feedface-0000-4000-8000-000000000001';
    const swap = (text: string): string => text.split(recordedShellId).join(liveShellId.toUpperCase());
    const created = await post(swap(recorded[0]!.request));
    expect(created).toContain(`<rsp:ShellId>${liveShellId.toUpperCase()}</rsp:ShellId>`);
    expect(created).not.toContain(recordedShellId);
    await post(swap(recorded[1]!.request));
    await post(swap(recorded[2]!.request));
    const get = buildEnvelope(
      {
        action: ACTION_GET,
        resourceUri: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell',
        to: server.url,
        messageId: liveMessageId,
        sessionId: '00000000-0000-4000-8000-000000000000',
        maxEnvelopeSize: 153600,
        operationTimeoutSeconds: 20,
        locale: 'en-US',
        selectors: { ShellId: liveShellId.toUpperCase() },
      },
      '',
    );
    const answer = await post(get);
    expect(server.mismatches).toEqual([]);
    expect(answer).toContain(`RelatesTo>uuid:${liveMessageId}</`);
    expect(answer).toContain(liveShellId.toUpperCase());
    expect(answer).not.toContain(recordedShellId);
  });
});
