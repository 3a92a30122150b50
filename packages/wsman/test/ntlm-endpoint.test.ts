/**
 * NTLM (raw and in SPNEGO), Basic and client certificates against real acceptors: the testkit's WinRM-like
 * endpoint on gss-ntlmssp (python3-gssapi), over http: with sealed multipart/encrypted bodies and over https:
 * with channel bindings. Peers are installed by the testkit; a missing one fails the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, startWinRMEndpoint, type TestCertificates, type WinRMEndpoint } from 'psrp-testkit';
import { WSManAuthError, WSManClient, WSManOptionError, WSManTransportError, type WSManAuth, type WSManDebugEvent } from '../src/index.js';
import { UndiciEngine } from '../src/undici.js';

const ACTION_GET = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get';
const PASSWORD = `Pa55-${crypto.randomUUID()}-wörd`;
const USERS = [
  { domain: 'EXAMPLE', user: 'alice', password: PASSWORD },
  { domain: 'EXAMPLE', user: 'bob', password: `bob-${crypto.randomUUID()}` },
];

let http: WinRMEndpoint;
let https: WinRMEndpoint;
let httpsWrongBinding: WinRMEndpoint;
let certificates: TestCertificates;
const clients: WSManClient[] = [];
/** Every error text and debug event of the suite, checked for secrets at the end. */
const seen: string[] = [];

function client(endpoint: string, auth: WSManAuth, engine = new UndiciEngine(), extra: Partial<ConstructorParameters<typeof WSManClient>[0]> = {}): WSManClient {
  const created = new WSManClient({ endpoint, auth, engine, debug: (event: WSManDebugEvent) => seen.push(JSON.stringify(event)), ...extra });
  clients.push(created);
  return created;
}

function tlsEngine(options: ConstructorParameters<typeof UndiciEngine>[0] = {}): UndiciEngine {
  return new UndiciEngine({ ...options, tls: { ca: certificates.pem.ca, ...options.tls } });
}

async function echo(target: WSManClient, payload: string): Promise<{ user: string; text: string }> {
  const response = await target.request({ action: ACTION_GET, resourceUri: 'urn:psrp-test/echo', body: `<t:P xmlns:t="urn:psrp-test">${payload}</t:P>` });
  const echoed = response.body.children[0]!;
  return { user: echoed.attributes.get('User') ?? '', text: echoed.children[0]?.text ?? '' };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught as Error,
  );
  seen.push(String(error.message), String((error as { cause?: unknown }).cause ?? ''), JSON.stringify(error));
  return error;
}

const ntlm = (password = PASSWORD, username = 'EXAMPLE\\alice'): WSManAuth => ({ kind: 'ntlm', username, password });
const negotiate = (password = PASSWORD, username = 'EXAMPLE\\alice'): WSManAuth => ({ kind: 'negotiate', mechanism: 'ntlm', username, password });

beforeAll(async () => {
  certificates = await makeTestCertificates();
  [http, https, httpsWrongBinding] = await Promise.all([
    startWinRMEndpoint({ users: USERS }),
    startWinRMEndpoint({ users: USERS, certificates, channelBinding: 'match' }),
    startWinRMEndpoint({ users: USERS, certificates, channelBinding: 'wrong' }),
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all(clients.map((each) => each.close()));
  await Promise.all([http?.stop(), https?.stop(), httpsWrongBinding?.stop()]);
  await certificates?.remove();
});

describe.each([
  ['raw NTLM', ntlm],
  ['SPNEGO around NTLM', negotiate],
])('%s over http: (sealed)', (_name, auth) => {
  it('seals the request and unseals the answer, small and large, on one authenticated connection', async () => {
    const before = await http.stats();
    const target = client(http.url, auth());
    expect(target.sealing).toBe(true);
    expect(await echo(target, 'hello')).toEqual({ user: 'EXAMPLE\\alice', text: 'hello' });
    const large = 'x'.repeat(300_000);
    expect((await echo(target, large)).text).toBe(large);
    expect(await echo(target, 'ünïcödé €')).toMatchObject({ text: 'ünïcödé €' });
    const after = await http.stats();
    const mine = after.requests.slice(before.requests.length);
    expect(mine).toHaveLength(3);
    for (const request of mine) {
      expect(request).toMatchObject({ sealed: true, plaintextOnWire: false, user: 'EXAMPLE\\alice', action: ACTION_GET });
      expect(request.contentType).toContain('protocol="application/HTTP-SPNEGO-session-encrypted"');
    }
    expect(new Set(mine.map((request) => request.connection)).size).toBe(1);
    expect(after.handshakes - before.handshakes).toBe(1);
  });

  it('authenticates each of several concurrent connections on its own', async () => {
    const target = client(http.url, auth(), new UndiciEngine({ maxConnections: 3 }));
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((index) => echo(target, `parallel ${index}`)));
    expect(answers.map((answer) => answer.text)).toEqual([1, 2, 3, 4, 5, 6].map((index) => `parallel ${index}`));
    expect(target.connections).toBeLessThanOrEqual(3);
    expect(target.connections).toBeGreaterThan(1);
  });

  it('authenticates again when the socket was closed and re-opened', async () => {
    const events: WSManDebugEvent[] = [];
    const target = client(http.url, auth(), new UndiciEngine({ keepAliveMs: 50 }), { debug: (event) => events.push(event) });
    await echo(target, 'first');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await echo(target, 'second')).toMatchObject({ text: 'second' });
    expect(events.filter((event) => event.type === 'authenticated')).toHaveLength(2);
    expect(events.find((event) => event.type === 're-authenticate')).toMatchObject({ reason: 'HTTP 401: the socket was re-opened' });
  });

  it('a wrong password -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(http.url, auth('not-the-password')), 'x'));
    expect(error).toBeInstanceOf(WSManAuthError);
    expect(error).toMatchObject({ code: 'WSMAN_ERR_AUTH', reason: 'rejected', status: 401 });
    expect(error.message).toMatch(/wrong password/);
    expect(error.message).toContain('EXAMPLE\\alice');
  });

  it('an unknown user -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(http.url, auth(PASSWORD, 'EXAMPLE\\mallory')), 'x'));
    expect(error).toBeInstanceOf(WSManAuthError);
    expect(error).toMatchObject({ reason: 'rejected' });
    expect(error.message).toMatch(/unknown user/);
    expect(error.message).toContain('EXAMPLE\\mallory');
  });
});

describe('over https: with channel bindings', () => {
  it.each([
    ['raw NTLM', ntlm],
    ['SPNEGO around NTLM', negotiate],
  ])('%s binds to the server certificate and sends plain SOAP inside TLS', async (_name, auth) => {
    const events: WSManDebugEvent[] = [];
    const target = client(https.url, auth(), tlsEngine(), { debug: (event) => events.push(event) });
    expect(target.sealing).toBe(false);
    expect(await echo(target, 'over tls')).toEqual({ user: 'EXAMPLE\\alice', text: 'over tls' });
    expect(events.find((event) => event.type === 'authenticated')).toMatchObject({ channelBinding: true, sealing: null });
    const last = (await https.stats()).requests.at(-1)!;
    expect(last).toMatchObject({ sealed: false, user: 'EXAMPLE\\alice' });
  });

  it("seals inside TLS too with encryption: 'always'", async () => {
    const target = client(https.url, ntlm(), tlsEngine(), { encryption: 'always' });
    expect(await echo(target, 'belt and braces')).toMatchObject({ text: 'belt and braces' });
    expect((await https.stats()).requests.at(-1)).toMatchObject({ sealed: true, plaintextOnWire: false });
  });

  it('a mismatched channel binding -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(httpsWrongBinding.url, ntlm(), tlsEngine()), 'x'));
    expect(error).toBeInstanceOf(WSManAuthError);
    expect(error.message).toMatch(/channel binding did not match/);
    const failures = (await httpsWrongBinding.stats()).failures;
    expect(failures.at(-1)).toMatchObject({ scheme: 'Negotiate' });
  });

  it('Basic over https: with a custom CA', async () => {
    const target = client(https.url, { kind: 'basic', username: 'alice', password: PASSWORD }, tlsEngine());
    expect(await echo(target, 'basic')).toEqual({ user: 'alice', text: 'basic' });
  });

  it('a wrong Basic password -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(https.url, { kind: 'basic', username: 'alice', password: 'wrong' }, tlsEngine()), 'x'));
    expect(error).toMatchObject({ code: 'WSMAN_ERR_AUTH', reason: 'rejected', mechanism: 'basic' });
    expect(error.message).toMatch(/wrong user name or password/);
  });

  it('client-certificate authentication presents the certificate from the engine', async () => {
    const engine = tlsEngine({ tls: { cert: certificates.pem.clientCert, key: certificates.pem.clientKey } });
    const target = client(https.url, { kind: 'certificate' }, engine);
    expect(await echo(target, 'cert')).toEqual({ user: 'certificate:wsman-client', text: 'cert' });
    const without = await failure(echo(client(https.url, { kind: 'certificate' }, tlsEngine()), 'x'));
    expect(without).toMatchObject({ reason: 'rejected', mechanism: 'certificate' });
  });

  it('verifies the server certificate by default, and skips that only when told', async () => {
    const error = await failure(echo(client(https.url, ntlm(), new UndiciEngine()), 'x'));
    expect(error).toBeInstanceOf(WSManTransportError);
    expect(String((error.cause as Error).message)).toMatch(/self.signed|unable to verify|certificate/i);
    const insecure = client(https.url, ntlm(), new UndiciEngine({ tls: { rejectUnauthorized: false } }));
    expect(await echo(insecure, 'lab only')).toMatchObject({ text: 'lab only' });
  });
});

describe('refusals before anything is sent', () => {
  it('refuses Basic over http: unless allowUnencryptedBasic is set', async () => {
    const basic: WSManAuth = { kind: 'basic', username: 'alice', password: PASSWORD };
    expect(() => new WSManClient({ endpoint: http.url, auth: basic })).toThrow(WSManOptionError);
    expect(() => new WSManClient({ endpoint: http.url, auth: basic })).toThrow(/allowUnencryptedBasic/);
    const allowed = client(http.url, basic, new UndiciEngine(), { allowUnencryptedBasic: true });
    expect(await echo(allowed, 'in clear')).toEqual({ user: 'alice', text: 'in clear' });
  });

  it('refuses connection-bound auth over the fetch engine', () => {
    expect(() => new WSManClient({ endpoint: http.url, auth: ntlm() })).toThrow(expect.objectContaining({ option: 'engine' }));
  });

  it('refuses certificate auth over http:', () => {
    expect(() => new WSManClient({ endpoint: http.url, auth: { kind: 'certificate' } })).toThrow(/https/);
  });
});

describe('secrets', () => {
  it('no password reaches an error message, a cause or a debug event', () => {
    expect(seen.length).toBeGreaterThan(10);
    const all = seen.join('\n');
    for (const secret of [PASSWORD, USERS[1]!.password, 'not-the-password', Buffer.from(`alice:${PASSWORD}`).toString('base64')]) {
      expect(all).not.toContain(secret);
    }
  });

  it('a client serializes without its credentials', () => {
    const target = client(http.url, ntlm());
    expect(JSON.stringify(target)).not.toContain(PASSWORD);
    expect(String(Object.values(target))).not.toContain(PASSWORD);
  });
});
