/**
 * @module auth/wsman-auth
 * The `auth` option of WSManClient and the mechanism each kind becomes. One union, one switch: adding
 * CredSSP is one member here and one AuthContext (a TLS handshake in `Authorization: CredSSP` tokens, then
 * `application/HTTP-CredSSP-session-encrypted` sealing).
 */
import { WSManAuthError, WSManOptionError } from '../errors.js';
import { basicAuthorization } from '../http/basic-auth.js';
import type { AuthContext, AuthMechanism, AuthTarget } from './auth-context.js';
import { KerberosClient, type KerberosClientOptions } from './kerberos/kerberos-client.js';
import { KerberosContext } from './kerberos/kerberos-context.js';
import type { KerberosPlatform } from './kerberos/kerberos-platform.js';
import { NtlmContext } from './ntlm/ntlm-context.js';
import { NtlmCredentials } from './ntlm/ntlm-credentials.js';
import { SpnegoNtlmContext } from './spnego/spnego-context.js';

/** WinRM's header for TLS client-certificate authentication (MS-WSMV 2.2.9.2). */
export const CERTIFICATE_AUTHORIZATION = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual';

interface PasswordCredentials {
  /** `user`, `DOMAIN\user` or `user@domain.example`. */
  username: string;
  password: string;
  /** Overrides the domain part of `username`. */
  domain?: string;
}

interface KerberosOptions {
  /**
   * `user@REALM` (or `user` with `realm`, or `DOMAIN\user`). With `password` the client asks the KDC for
   * tickets; without, it takes them from the credential cache (kinit): this principal's, or the default.
   */
  username?: string;
  password?: string;
  /** The realm when `username` has none; default the machine's default realm (krb5.conf). */
  realm?: string;
  /** A KDC, 'host' or 'host:port'; default from krb5.conf, then DNS SRV records. */
  kdc?: string;
  /** The bytes of an MIT credential cache; default the engine reads KRB5CCNAME or /tmp/krb5cc_<uid>. */
  credentialCache?: Uint8Array;
  /** The service class of the SPN; default 'HTTP' (WinRM's). */
  service?: string;
  /** The host of the SPN; default the endpoint's host name. */
  hostname?: string;
}

export type WSManAuth =
  | { kind: 'none' }
  /** HTTP Basic: refused over http: unless `allowUnencryptedBasic` is set. */
  | ({ kind: 'basic' } & Omit<PasswordCredentials, 'domain'>)
  /** NTLMv2 (raw NTLMSSP under the Negotiate scheme), with MIC, channel bindings on https:, sealing on http:. */
  | ({ kind: 'ntlm'; workstation?: string } & PasswordCredentials)
  /**
   * Negotiate (SPNEGO) with Kerberos or NTLM inside. `mechanism: 'auto'` (default) uses Kerberos when the
   * realm is given (user@REALM, `realm`, or no user name: the credential cache) and falls back to NTLM (with
   * a password) when the KDC cannot be reached or does not know the service; wrong credentials do not fall back.
   */
  | ({ kind: 'negotiate'; mechanism?: 'auto' | 'kerberos' | 'ntlm'; domain?: string; workstation?: string } & KerberosOptions)
  /** Kerberos (the `Kerberos` scheme), with its own sealing; tickets from the password or the credential cache. */
  | ({ kind: 'kerberos' } & KerberosOptions)
  /** TLS client certificate (https: only); the certificate and key are the engine's TLS options. */
  | { kind: 'certificate' };

export type WSManAuthKind = WSManAuth['kind'];

/** Turns the auth option into a mechanism. `loadGssapi` is the engine's way to load the kerberos module. */
export function createAuthMechanism(auth: WSManAuth, endpoint: URL, kerberos: KerberosPlatform | undefined): AuthMechanism {
  switch (auth.kind) {
    case 'none':
      return { kind: 'none', authorization: null, exposesPassword: false };
    case 'basic':
      requireText('auth.username', auth.username);
      return { kind: 'basic', authorization: basicAuthorization(auth.username, auth.password), exposesPassword: true };
    case 'certificate':
      if (endpoint.protocol !== 'https:') throw new WSManOptionError('auth', 'certificate authentication needs an https: endpoint');
      return { kind: 'certificate', authorization: CERTIFICATE_AUTHORIZATION, exposesPassword: false };
    case 'ntlm': {
      requireText('auth.username', auth.username);
      const credentials = ntlmCredentials(auth);
      return contextMechanism('ntlm', async (target) => new NtlmContext(credentials, target));
    }
    case 'negotiate':
      return negotiateMechanism(auth, endpoint, kerberos);
    case 'kerberos':
      return kerberosMechanism(auth, endpoint, kerberos);
    default: {
      const unknown: never = auth;
      throw new WSManOptionError('auth', `unknown auth kind '${(unknown as { kind: string }).kind}'`);
    }
  }
}

function requireText(option: string, value: string | undefined): void {
  if (typeof value !== 'string' || value === '') throw new WSManOptionError(option, 'expected a non-empty string');
}

function ntlmCredentials(auth: PasswordCredentials & { workstation?: string }): NtlmCredentials {
  const options: ConstructorParameters<typeof NtlmCredentials>[0] = { username: auth.username, password: auth.password };
  if (auth.domain !== undefined) options.domain = auth.domain;
  if (auth.workstation !== undefined) options.workstation = auth.workstation;
  return new NtlmCredentials(options);
}

function contextMechanism(kind: string, createContext: (target: AuthTarget) => Promise<AuthContext>): AuthMechanism {
  return { kind, authorization: null, exposesPassword: false, createContext };
}

function kerberosClient(auth: KerberosOptions, kerberos: KerberosPlatform | undefined, mechanism: string): KerberosClient {
  const options: KerberosClientOptions = { mechanism };
  for (const key of ['username', 'password', 'realm', 'kdc', 'credentialCache'] as const) {
    if (auth[key] !== undefined) (options as Record<string, unknown>)[key] = auth[key];
  }
  if (kerberos !== undefined) options.platform = kerberos;
  return new KerberosClient(options);
}

function spnHost(auth: KerberosOptions, endpoint: URL): string {
  return auth.hostname ?? endpoint.hostname.replace(/^\[|\]$/g, '');
}

function kerberosMechanism(auth: KerberosOptions, endpoint: URL, kerberos: KerberosPlatform | undefined): AuthMechanism {
  const client = kerberosClient(auth, kerberos, 'kerberos');
  const options = { scheme: 'Kerberos' as const, service: auth.service ?? 'HTTP', hostname: spnHost(auth, endpoint) };
  return contextMechanism('kerberos', async (target) => new KerberosContext(client, target, options));
}

/** Failures of getting a ticket after which NTLM is worth a try (not wrong credentials). */
const NTLM_FALLBACK_REASONS = new Set(['kdc-unreachable', 'unknown-service', 'no-credentials']);

function negotiateMechanism(
  auth: Extract<WSManAuth, { kind: 'negotiate' }>,
  endpoint: URL,
  kerberos: KerberosPlatform | undefined,
): AuthMechanism {
  const mechanism = auth.mechanism ?? 'auto';
  const ntlm =
    auth.password !== undefined && auth.username !== undefined && mechanism !== 'kerberos'
      ? ntlmCredentials({ ...auth, username: auth.username, password: auth.password })
      : null;
  if (mechanism === 'ntlm') {
    if (ntlm === null) throw new WSManOptionError('auth', "negotiate with mechanism 'ntlm' needs username and password");
    return contextMechanism('negotiate', async (target) => new SpnegoNtlmContext(ntlm, target));
  }
  const client = kerberosClient(auth, kerberos, 'negotiate');
  const service = auth.service ?? 'HTTP';
  const hostname = spnHost(auth, endpoint);
  // 'auto' tries Kerberos only where the realm is given: user@REALM, `realm`, or no user name (the credential cache).
  const realmGiven = auth.realm !== undefined || auth.username === undefined || auth.username.includes('@');
  // Once Kerberos could not be had for a reason NTLM does not share, this client stays with NTLM.
  let fellBack = mechanism === 'auto' && ntlm !== null && !realmGiven;
  return contextMechanism('negotiate', async (target) => {
    if (mechanism === 'auto' && ntlm !== null) {
      if (fellBack) return new SpnegoNtlmContext(ntlm, target);
      try {
        await client.serviceTicket(service, hostname);
      } catch (error) {
        if (error instanceof WSManAuthError && NTLM_FALLBACK_REASONS.has(error.reason)) {
          fellBack = true;
          return new SpnegoNtlmContext(ntlm, target);
        }
        throw error;
      }
    }
    return new KerberosContext(client, target, { scheme: 'Negotiate', service, hostname });
  });
}
