/**
 * Kerberos (raw and in SPNEGO) against real acceptors: an MIT KDC on loopback (a throwaway realm
 * EXAMPLE.TEST) and the testkit's WinRM-like endpoint accepting with the service keytab through
 * python3-gssapi, unsealing with gss_unwrap_iov and sealing with gss_wrap_iov. Tickets come from the
 * password (AS and TGS exchanges) or from the kinit'ed credential cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRING_TICKET_SECONDS, makeTestCertificates, startKdc, startWinRMEndpoint, type Kdc, type TestCertificates, type WinRMEndpoint } from 'psrp-testkit';
import { WSManAuthError, WSManClient, type WSManAuth, type WSManDebugEvent } from '../src/index.js';
import { UndiciEngine } from '../src/undici.js';

const ACTION_GET = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get';
let kdc: Kdc;
let http: WinRMEndpoint;
let https: WinRMEndpoint;
let httpsWrongBinding: WinRMEndpoint;
let certificates: TestCertificates;
const clients: WSManClient[] = [];
const seen: string[] = [];

function client(endpoint: string, auth: WSManAuth, engine = new UndiciEngine(), debug?: (event: WSManDebugEvent) => void): WSManClient {
  const created = new WSManClient({
    endpoint,
    auth,
    engine,
    debug: (event) => {
      seen.push(JSON.stringify(event));
      debug?.(event);
    },
  });
  clients.push(created);
  return created;
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
  seen.push(error.message, String((error as { cause?: unknown }).cause ?? ''), JSON.stringify(error));
  return error;
}

const alice = (): WSManAuth => ({ kind: 'kerberos', username: kdc.users.alice!.principal, password: kdc.users.alice!.password, kdc: `127.0.0.1:${kdc.port}` });

beforeAll(async () => {
  kdc = await startKdc();
  // The credential cache (a DIR: collection with alice, bob and carol) and krb5.conf (the KDC's address).
  Object.assign(process.env, kdc.env);
  certificates = await makeTestCertificates();
  [http, https, httpsWrongBinding] = await Promise.all([
    startWinRMEndpoint({ kdc }),
    startWinRMEndpoint({ kdc, certificates, channelBinding: 'match' }),
    startWinRMEndpoint({ kdc, certificates, channelBinding: 'wrong' }),
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all(clients.map((each) => each.close()));
  await Promise.all([http?.stop(), https?.stop(), httpsWrongBinding?.stop()]);
  await certificates?.remove();
  await kdc?.stop();
});

describe('Kerberos over http: (sealed with Wrap tokens)', () => {
  it('with a password: seals the request and unseals the answer, small and large', async () => {
    const before = await http.stats();
    const target = client(http.url, alice());
    expect(target.sealing).toBe(true);
    expect(await echo(target, 'hello')).toEqual({ user: 'alice@EXAMPLE.TEST', text: 'hello' });
    const large = 'k'.repeat(400_000);
    expect((await echo(target, large)).text).toBe(large);
    expect((await echo(target, 'ünïcödé €')).text).toBe('ünïcödé €');
    const mine = (await http.stats()).requests.slice(before.requests.length);
    expect(mine).toHaveLength(3);
    for (const request of mine) {
      expect(request).toMatchObject({ sealed: true, plaintextOnWire: false, user: 'alice@EXAMPLE.TEST' });
      expect(request.contentType).toContain('protocol="application/HTTP-Kerberos-session-encrypted"');
    }
  });

  it("with the credential cache: picks the principal's ticket from the kinit'ed collection", async () => {
    const target = client(http.url, { kind: 'kerberos', username: kdc.users.bob!.principal });
    expect(await echo(target, 'from the cache')).toEqual({ user: 'bob@EXAMPLE.TEST', text: 'from the cache' });
    const defaultUser = client(http.url, { kind: 'kerberos' });
    expect((await echo(defaultUser, 'default')).user).toBe('alice@EXAMPLE.TEST');
  });

  it('Negotiate settles on Kerberos inside SPNEGO when a realm is known', async () => {
    const target = client(http.url, { kind: 'negotiate', username: kdc.users.alice!.principal, password: kdc.users.alice!.password });
    expect(await echo(target, 'spnego')).toEqual({ user: 'alice@EXAMPLE.TEST', text: 'spnego' });
    expect((await http.stats()).requests.at(-1)!.contentType).toContain('protocol="application/HTTP-SPNEGO-session-encrypted"');
  });

  it('authenticates each concurrent connection with its own AP-REQ', async () => {
    const target = client(http.url, alice(), new UndiciEngine({ maxConnections: 3 }));
    const answers = await Promise.all([1, 2, 3, 4, 5].map((index) => echo(target, `parallel ${index}`)));
    expect(answers.map((answer) => answer.text)).toEqual([1, 2, 3, 4, 5].map((index) => `parallel ${index}`));
    expect(target.connections).toBeGreaterThan(1);
  });

  it('a wrong password -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(http.url, { ...alice(), password: 'not-the-password' } as WSManAuth), 'x'));
    expect(error).toBeInstanceOf(WSManAuthError);
    expect(error).toMatchObject({ reason: 'wrong-password', mechanism: 'kerberos' });
    expect(error.message).toMatch(/wrong password/);
  });

  it('an unknown user -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(http.url, { ...alice(), username: 'mallory@EXAMPLE.TEST' } as WSManAuth), 'x'));
    expect(error).toMatchObject({ reason: 'unknown-user' });
    expect(error.message).toMatch(/unknown user/);
    expect(error.message).toContain('mallory@EXAMPLE.TEST');
  });

  it('an expired ticket -> WSManAuthError that says so', async () => {
    await new Promise((resolve) => setTimeout(resolve, EXPIRING_TICKET_SECONDS * 1000));
    const error = await failure(echo(client(http.url, { kind: 'kerberos', username: kdc.expiredUser.principal }), 'x'));
    expect(error).toMatchObject({ reason: 'expired' });
    expect(error.message).toMatch(/expired/);
    expect(error.message).toContain('carol@EXAMPLE.TEST');
  });

  it('a service the KDC does not know -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(http.url, { ...alice(), hostname: 'no-such-host' } as WSManAuth), 'x'));
    expect(error).toMatchObject({ reason: 'unknown-service' });
    expect(error.message).toContain('HTTP/no-such-host');
  });
});

describe('Kerberos over https: with channel bindings', () => {
  const engine = (): UndiciEngine => new UndiciEngine({ tls: { ca: certificates.pem.ca } });

  it('binds the AP-REQ to the server certificate', async () => {
    const events: WSManDebugEvent[] = [];
    const target = client(https.url, alice(), engine(), (event) => events.push(event));
    expect(await echo(target, 'bound')).toEqual({ user: 'alice@EXAMPLE.TEST', text: 'bound' });
    expect(events.find((event) => event.type === 'authenticated')).toMatchObject({ channelBinding: true });
  });

  it('a mismatched channel binding -> WSManAuthError that says so', async () => {
    const error = await failure(echo(client(httpsWrongBinding.url, alice(), engine()), 'x'));
    expect(error).toBeInstanceOf(WSManAuthError);
    expect(error.message).toMatch(/channel binding did not match/);
    expect((await httpsWrongBinding.stats()).failures.at(-1)?.error).toMatch(/binding/i);
  });
});

describe('secrets', () => {
  it('no password reaches an error message, a cause or a debug event', () => {
    expect(seen.length).toBeGreaterThan(10);
    const all = seen.join('\n');
    for (const user of [kdc.users.alice!, kdc.users.bob!, kdc.expiredUser]) expect(all).not.toContain(user.password);
    expect(all).not.toContain('not-the-password');
  });
});
