import { describe, expect, it } from 'vitest';
import { RESOURCE_URI_CMD, RESOURCE_URI_POWERSHELL } from './actions.js';
import {
  WSManAbortError,
  WSManAuthError,
  WSManFaultError,
  WSManHttpError,
  WSManOptionError,
  WSManParseError,
  WSManProtocolError,
  WSManTimeoutError,
  WSManTransportError,
} from './errors.js';
import { WSManClient } from './wsman-client.js';
import { WSManShell } from './shell/wsman-shell.js';

const ENDPOINT = 'http://server.example:5985/wsman';
const ENVELOPE_OPEN =
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
  'xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell">';
const CREATED = `${ENVELOPE_OPEN}<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse</a:Action></s:Header><s:Body><x:ResourceCreated/><rsp:Shell><rsp:ShellId>ABC</rsp:ShellId></rsp:Shell></s:Body></s:Envelope>`;
const TIMED_OUT = `${ENVELOPE_OPEN}<s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code><s:Reason><s:Text>timed out</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`;
const EMPTY = `${ENVELOPE_OPEN}<s:Body/></s:Envelope>`;

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch answering each call with the next canned response, recording what was sent. */
function fakeFetch(...answers: (Response | Error | 'hang')[]): { fetch: typeof globalThis.fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sent.push({ url: String(input), headers: init?.headers as Record<string, string>, body: init?.body instanceof Uint8Array ? new TextDecoder().decode(init.body) : String(init?.body) });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no canned answer left');
    if (answer === 'hang') {
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

describe('WSManClient requests', () => {
  it('posts SOAP with Basic auth and the configured headers', async () => {
    const { fetch, sent } = fakeFetch(new Response(CREATED));
    const client = new WSManClient({
      endpoint: ENDPOINT,
      auth: { kind: 'basic', username: 'vagrant', password: 'vagrant' },
      allowUnencryptedBasic: true,
      maxEnvelopeSize: 512000,
      operationTimeoutSeconds: 30,
      locale: 'de-DE',
      fetch,
    });
    const shell = await client.createShell({
      resourceUri: RESOURCE_URI_POWERSHELL,
      shellId: 'D1D2D3D4-0000-4000-8000-000000000000',
      inputStreams: ['stdin', 'pr'],
      outputStreams: ['stdout'],
      options: { protocolversion: '2.3' },
      openContent: { name: 'creationXml', namespace: 'http://schemas.microsoft.com/powershell', text: 'AAAA' },
    });
    expect(shell.id).toBe('ABC');
    expect(shell.resourceUri).toBe(RESOURCE_URI_POWERSHELL);
    const [request] = sent;
    expect(request!.url).toBe(ENDPOINT);
    expect(request!.headers).toEqual({ 'content-type': 'application/soap+xml;charset=UTF-8', authorization: 'Basic dmFncmFudDp2YWdyYW50' });
    expect(request!.body).toContain('<wsman:MaxEnvelopeSize s:mustUnderstand="true">512000</wsman:MaxEnvelopeSize>');
    expect(request!.body).toContain('<wsman:OperationTimeout>PT30S</wsman:OperationTimeout>');
    expect(request!.body).toContain('<wsman:Locale s:mustUnderstand="false" xml:lang="de-DE" />');
    expect(request!.body).toContain(`<wsmv:SessionId s:mustUnderstand="false">uuid:${client.sessionId}</wsmv:SessionId>`);
    expect(request!.body).toContain('<wsman:Option MustComply="true" Name="protocolversion">2.3</wsman:Option>');
    expect(request!.body).toContain('<rsp:Shell ShellId="D1D2D3D4-0000-4000-8000-000000000000">');
    expect(request!.body).toContain('<creationXml xmlns="http://schemas.microsoft.com/powershell">AAAA</creationXml>');
  });

  it('sends no Authorization header without auth, and a new MessageID per request', async () => {
    const { fetch, sent } = fakeFetch(new Response(EMPTY), new Response(EMPTY));
    const shell = new WSManShell(new WSManClient({ endpoint: ENDPOINT, fetch }), 'S1', RESOURCE_URI_CMD);
    await shell.delete();
    await shell.send({ commandId: 'C1', stream: 'stdin', data: 'aGk=', end: true });
    expect(sent[0]!.headers.authorization).toBeUndefined();
    const messageIds = sent.map((request) => /MessageID>uuid:([^<]+)</.exec(request.body)![1]);
    expect(new Set(messageIds).size).toBe(2);
    expect(sent[1]!.body).toContain('<rsp:Send><rsp:Stream Name="stdin" CommandId="C1" End="true">aGk=</rsp:Stream></rsp:Send>');
    expect(sent[1]!.body).toContain('<wsman:Selector Name="ShellId">S1</wsman:Selector>');
  });

  it('changes MaxEnvelopeSize for later requests', async () => {
    const { fetch, sent } = fakeFetch(new Response(EMPTY));
    const client = new WSManClient({ endpoint: ENDPOINT, fetch });
    expect(client.maxEnvelopeSize).toBe(153600);
    client.setMaxEnvelopeSize(512000);
    await new WSManShell(client, 'S1', RESOURCE_URI_CMD).delete();
    expect(sent[0]!.body).toContain('>512000<');
  });

  it('turns a w:TimedOut Receive into timedOut, whatever the HTTP status', async () => {
    const { fetch, sent } = fakeFetch(new Response(TIMED_OUT, { status: 500 }), new Response(TIMED_OUT, { status: 200 }));
    const shell = new WSManShell(new WSManClient({ endpoint: ENDPOINT, fetch }), 'S1', RESOURCE_URI_CMD);
    const expected = { streams: [], commandState: null, timedOut: true };
    expect(await shell.receive({ commandId: 'C1', streams: ['stdout', 'stderr'] })).toEqual(expected);
    expect(await shell.receive({ streams: ['stdout'] })).toEqual(expected);
    expect(sent[0]!.body).toContain('<wsman:Option Name="WSMAN_CMDSHELL_OPTION_KEEPALIVE">True</wsman:Option>');
    expect(sent[0]!.body).toContain('<rsp:DesiredStream CommandId="C1">stdout stderr</rsp:DesiredStream>');
  });

  it('throws other faults of a Receive', async () => {
    const fault = TIMED_OUT.replace('w:TimedOut', 'w:InvalidSelectors');
    const { fetch } = fakeFetch(new Response(fault, { status: 500 }));
    const shell = new WSManShell(new WSManClient({ endpoint: ENDPOINT, fetch }), 'S1', RESOURCE_URI_CMD);
    expect(await failureOf(shell.receive({ streams: ['stdout'] }))).toBeInstanceOf(WSManFaultError);
  });
});

describe('WSManClient failures', () => {
  const client = (...answers: (Response | Error | 'hang')[]): WSManShell =>
    new WSManShell(new WSManClient({ endpoint: ENDPOINT, fetch: fakeFetch(...answers).fetch, requestTimeoutSeconds: 0.05 }), 'S1', RESOURCE_URI_CMD);

  it('401 -> WSManAuthError with the offered schemes', async () => {
    const answer = new Response('', { status: 401, headers: { 'www-authenticate': 'Negotiate, Kerberos, Basic realm="WSMAN"' } });
    const failure = await failureOf(client(answer).delete());
    expect(failure).toBeInstanceOf(WSManAuthError);
    expect(failure).toMatchObject({ status: 401, offeredSchemes: ['Negotiate', 'Kerberos', 'Basic'] });
  });

  it('an HTTP error without a SOAP fault -> WSManHttpError with an excerpt', async () => {
    const failure = await failureOf(client(new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' })).delete());
    expect(failure).toBeInstanceOf(WSManHttpError);
    expect(failure).toMatchObject({ status: 502, statusText: 'Bad Gateway', bodyExcerpt: '<html>Bad Gateway</html>' });
  });

  it('a connection failure -> WSManTransportError with the cause', async () => {
    const cause = new TypeError('fetch failed');
    const failure = await failureOf(client(cause).delete());
    expect(failure).toBeInstanceOf(WSManTransportError);
    expect((failure as WSManTransportError).cause).toBe(cause);
  });

  it('the caller aborting -> WSManAbortError', async () => {
    const controller = new AbortController();
    const pending = failureOf(client('hang').delete({ signal: controller.signal }));
    controller.abort();
    expect(await pending).toBeInstanceOf(WSManAbortError);
    const aborted = AbortSignal.abort();
    expect(await failureOf(client(new Response(EMPTY)).delete({ signal: aborted }))).toBeInstanceOf(WSManAbortError);
  });

  it('no answer within the request timeout -> WSManTimeoutError', async () => {
    const failure = await failureOf(client('hang').delete());
    expect(failure).toBeInstanceOf(WSManTimeoutError);
    expect(failure).toMatchObject({ action: 'Delete', timeoutSeconds: 0.05 });
  });

  it('a response over the size limit -> WSManHttpError, read no further', async () => {
    const fetch = fakeFetch(new Response(`${ENVELOPE_OPEN}<s:Body>${'x'.repeat(4096)}</s:Body></s:Envelope>`)).fetch;
    const shell = new WSManShell(new WSManClient({ endpoint: ENDPOINT, fetch, maxResponseBytes: 1024 }), 'S1', RESOURCE_URI_CMD);
    const failure = await failureOf(shell.delete());
    expect(failure).toBeInstanceOf(WSManHttpError);
    expect((failure as WSManHttpError).statusText).toContain('larger than 1024 bytes');
  });

  it('a 200 answer that is not SOAP -> WSManParseError', async () => {
    expect(await failureOf(client(new Response('<html/>')).delete())).toBeInstanceOf(WSManParseError);
    expect(await failureOf(client(new Response('<!DOCTYPE x><x/>')).delete())).toMatchObject({ code: 'WSMAN_ERR_PARSE', reason: 'doctype' });
  });

  it('a Command answer without CommandId -> WSManProtocolError', async () => {
    expect(await failureOf(client(new Response(EMPTY)).command({ commandLine: 'cmd.exe' }))).toBeInstanceOf(WSManProtocolError);
  });

  it.each([
    [{ endpoint: 'not a url' }, 'endpoint'],
    [{ endpoint: 'ftp://host/wsman' }, 'endpoint'],
    [{ endpoint: ENDPOINT, maxEnvelopeSize: 0 }, 'maxEnvelopeSize'],
    [{ endpoint: ENDPOINT, operationTimeoutSeconds: -1 }, 'operationTimeoutSeconds'],
  ])('rejects options %o', (options, option) => {
    expect(() => new WSManClient(options)).toThrow(WSManOptionError);
    expect(() => new WSManClient(options)).toThrow(expect.objectContaining({ option }));
  });
});
