/**
 * @module auth/kerberos/kerberos-client
 * Getting a service ticket (RFC 4120 3.1, 3.3): a ticket-granting ticket from the password (AS exchange
 * with PA-ENC-TIMESTAMP pre-authentication, the salt and iterations from the KDC's ETYPE-INFO2) or from
 * the user's credential cache, then the ticket for HTTP/<host> (TGS exchange). Tickets are kept until
 * shortly before they expire. Every KDC error becomes a WSManAuthError that says what to do.
 */
import { randomBytes } from '../../bytes.js';
import { WSManAuthError, type WSManAuthFailure } from '../../errors.js';
import { cachedPrincipalName, parseCredentialCache, type CachedCredential } from './credential-cache.js';
import { CHECKSUM_TYPE, ENCTYPE, checksum, decrypt, encrypt, isAesEnctype, stringToKey, KerberosIntegrityError, type KerberosKey } from './kerberos-crypto.js';
import {
  KEY_USAGE,
  KRB_ERROR,
  MESSAGE_TYPE,
  NAME_TYPE,
  PA_TYPE,
  decodeEncKdcRepPart,
  decodeEtypeInfo2,
  decodeKdcReply,
  decodeKrbError,
  encodeApReq,
  encodeAuthenticator,
  encodeEncryptedData,
  encodeKdcReqBody,
  encodeKdcRequest,
  encodePaEncTimestamp,
  kerberosNow,
  messageTag,
  type KrbError,
  type PaData,
  type PrincipalName,
} from './kerberos-messages.js';
import type { KerberosPlatform } from './kerberos-platform.js';

/** What this client offers, best first. */
const ETYPES = [ENCTYPE.aes256, ENCTYPE.aes128] as const;
/** A ticket this close to its end is renewed first. */
const EXPIRY_MARGIN_MS = 60_000;

export interface KerberosTicket {
  readonly realm: string;
  readonly cname: PrincipalName;
  /** The Ticket, DER. */
  readonly ticket: Uint8Array;
  readonly key: KerberosKey;
  readonly endtime: Date;
}

export interface KerberosClientOptions {
  /** `user@REALM`, `user` (with `realm` or the machine's default realm) or `DOMAIN\user`; default: the cache's principal. */
  username?: string;
  password?: string;
  realm?: string;
  /** 'host' or 'host:port' of a KDC; default: the platform finds one. */
  kdc?: string;
  /** An MIT credential cache (the bytes of a kinit'ed FILE: cache); default: the platform's. */
  credentialCache?: Uint8Array;
  platform?: KerberosPlatform;
  /** The mechanism name in errors ('kerberos' or 'negotiate'). */
  mechanism?: string;
  now?: () => number;
}

function randomUint31(): number {
  const bytes = randomBytes(4);
  return new DataView(bytes.buffer).getUint32(0, false) >>> 1;
}

/** Splits `user@REALM` / `DOMAIN\user` / `user`. */
export function parseUserName(username: string): { name: string; realm: string | null } {
  const at = username.lastIndexOf('@');
  if (at > 0) return { name: username.slice(0, at), realm: username.slice(at + 1).toUpperCase() };
  const backslash = username.indexOf('\\');
  if (backslash > 0) return { name: username.slice(backslash + 1), realm: username.slice(0, backslash).toUpperCase() };
  return { name: username, realm: null };
}

export class KerberosClient {
  readonly #options: KerberosClientOptions;
  readonly #now: () => number;
  #tgt: Promise<KerberosTicket> | null = null;
  /** The last authenticator time handed out, in microseconds: each is later than the one before. */
  #lastMicroseconds = 0;
  readonly #serviceTickets = new Map<string, Promise<KerberosTicket>>();

  constructor(options: KerberosClientOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get #mechanism(): string {
    return this.#options.mechanism ?? 'kerberos';
  }

  /**
   * ctime and cusec for an authenticator, strictly increasing for this client: connections opened in the
   * same millisecond would otherwise send identical authenticators, which the server's replay cache refuses.
   */
  authenticatorTime(): { time: Date; usec: number } {
    const microseconds = Math.max(this.#now() * 1000, this.#lastMicroseconds + 1);
    this.#lastMicroseconds = microseconds;
    return { time: new Date(Math.floor(microseconds / 1_000_000) * 1000), usec: microseconds % 1_000_000 };
  }

  #error(reason: WSManAuthFailure, message: string, cause?: unknown): WSManAuthError {
    return new WSManAuthError(0, [], { reason, mechanism: this.#mechanism, message, cause });
  }

  #fresh(ticket: KerberosTicket): boolean {
    return ticket.endtime.getTime() - EXPIRY_MARGIN_MS > this.#now();
  }

  /** The ticket for `service/host` in the user's realm. */
  async serviceTicket(service: string, host: string, signal?: AbortSignal): Promise<KerberosTicket> {
    const spn = `${service}/${host}`;
    const cached = await this.#serviceTickets.get(spn)?.catch(() => null);
    if (cached && this.#fresh(cached)) return cached;
    const pending = this.#requestServiceTicket(service, host, signal);
    this.#serviceTickets.set(spn, pending);
    pending.catch(() => this.#serviceTickets.delete(spn));
    return pending;
  }

  async #requestServiceTicket(service: string, host: string, signal?: AbortSignal): Promise<KerberosTicket> {
    let tgt = await (this.#tgt ?? (this.#tgt = this.#ticketGrantingTicket(signal)));
    if (!this.#fresh(tgt) && this.#options.password !== undefined) tgt = await (this.#tgt = this.#ticketGrantingTicket(signal));
    this.#tgt.catch(() => (this.#tgt = null));
    return this.#tgsExchange(tgt, { type: NAME_TYPE.serviceInstance, components: [service, host] }, signal);
  }

  async #realmOf(name: { realm: string | null }): Promise<string> {
    const realm = this.#options.realm?.toUpperCase() ?? name.realm ?? (await this.#options.platform?.defaultRealm()) ?? null;
    if (realm === null) throw this.#error('no-credentials', 'No Kerberos realm: give the user as user@REALM, or set auth.realm');
    return realm;
  }

  async #send(realm: string, message: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    const platform = this.#options.platform;
    if (platform === undefined) {
      throw this.#error('kdc-unreachable', 'This engine cannot reach a Kerberos KDC: use UndiciEngine from @psrp/wsman/undici (Node)');
    }
    try {
      return await platform.sendToKdc(realm, this.#options.kdc, message, signal);
    } catch (error) {
      throw this.#error('kdc-unreachable', `No KDC of realm ${realm} answered${this.#options.kdc ? ` at ${this.#options.kdc}` : ''}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }

  #kdcError(error: KrbError, who: string, what: string): WSManAuthError {
    const detail = error.text ? ` (${error.text})` : '';
    switch (error.errorCode) {
      case KRB_ERROR.clientUnknown:
        return this.#error('unknown-user', `The KDC of ${error.realm} does not know the user ${who}${detail}: unknown user`);
      case KRB_ERROR.preauthFailed:
      case KRB_ERROR.badIntegrity:
        return this.#error('wrong-password', `The KDC of ${error.realm} refused the password of ${who}${detail}: wrong password`);
      case KRB_ERROR.serverUnknown:
        return this.#error('unknown-service', `The KDC of ${error.realm} does not know the service principal ${what}${detail}: check the host name (use the name the SPN is registered for, not an IP address)`);
      case KRB_ERROR.ticketExpired:
        return this.#error('expired', `The Kerberos ticket of ${who} has expired${detail}: get a new one (kinit), or pass the password`);
      case KRB_ERROR.passwordExpired:
        return this.#error('expired', `The password of ${who} has expired${detail}: change it`);
      case KRB_ERROR.clientRevoked:
        return this.#error('rejected', `The KDC of ${error.realm} refused ${who}: the account is disabled or locked${detail}`);
      case KRB_ERROR.clockSkew:
        return this.#error('rejected', `The KDC of ${error.realm} refused ${who}: this machine's clock is too far from the KDC's${detail}`);
      default:
        return this.#error('rejected', `The KDC of ${error.realm} answered error ${error.errorCode} for ${who}${detail}`);
    }
  }

  async #ticketGrantingTicket(signal?: AbortSignal): Promise<KerberosTicket> {
    if (this.#options.password !== undefined) {
      if (this.#options.username === undefined) throw this.#error('no-credentials', 'A Kerberos password needs auth.username (user@REALM)');
      return this.#asExchange(this.#options.username, this.#options.password, signal);
    }
    return this.#fromCredentialCache();
  }

  async #fromCredentialCache(): Promise<KerberosTicket> {
    const wanted = this.#options.username === undefined ? undefined : await this.#qualified(this.#options.username);
    const bytes = this.#options.credentialCache ?? (await this.#options.platform?.readCredentialCache(wanted)) ?? null;
    if (bytes === null) {
      throw this.#error('no-credentials', `No Kerberos credential cache${wanted ? ` for ${wanted}` : ''} and no password: run kinit, or pass auth.password`);
    }
    const cache = parseCredentialCache(bytes);
    const principal = wanted ?? cachedPrincipalName(cache.defaultPrincipal);
    const realm = principal.slice(principal.lastIndexOf('@') + 1);
    const tgt = cache.credentials.find(
      (credential: CachedCredential) =>
        cachedPrincipalName(credential.client) === principal && credential.server.components.join('/') === `krbtgt/${realm}` && credential.server.realm === realm,
    );
    if (tgt === undefined) throw this.#error('no-credentials', `The credential cache holds no ticket-granting ticket for ${principal} (unknown user, or no kinit yet): run kinit ${principal}`);
    if (tgt.key === null) throw this.#error('unsupported', `The ticket of ${principal} uses an encryption type other than AES; this client speaks AES only`);
    if (tgt.endtime.getTime() <= this.#now()) {
      throw this.#error('expired', `The Kerberos ticket of ${principal} expired at ${tgt.endtime.toISOString()}: get a new one with kinit, or pass the password`);
    }
    return { realm: tgt.client.realm, cname: { type: tgt.client.type, components: tgt.client.components }, ticket: tgt.ticket, key: tgt.key, endtime: tgt.endtime };
  }

  async #qualified(username: string): Promise<string> {
    const name = parseUserName(username);
    return `${name.name}@${await this.#realmOf(name)}`;
  }

  async #asExchange(username: string, password: string, signal?: AbortSignal): Promise<KerberosTicket> {
    const parsed = parseUserName(username);
    const realm = await this.#realmOf(parsed);
    const who = `${parsed.name}@${realm}`;
    const cname: PrincipalName = { type: NAME_TYPE.principal, components: parsed.name.split('/') };
    const nonce = randomUint31();
    const body = encodeKdcReqBody({ cname, realm, sname: { type: NAME_TYPE.serviceInstance, components: ['krbtgt', realm] }, nonce, etypes: ETYPES });
    let reply = await this.#send(realm, encodeKdcRequest({ messageType: MESSAGE_TYPE.asReq, padata: [], body }), signal);
    let salts = new Map<number, { salt: string | null; iterations: number | null }>();
    if (messageTag(reply) === MESSAGE_TYPE.error) {
      const error = decodeKrbError(reply);
      if (error.errorCode !== KRB_ERROR.preauthRequired) throw this.#kdcError(error, who, '');
      salts = new Map(decodeEtypeInfo2(error.data ?? new Uint8Array([0x30, 0])).map((entry) => [entry.etype, entry]));
      const etype = ETYPES.find((candidate) => salts.has(candidate));
      if (etype === undefined) throw this.#error('unsupported', `The KDC of ${realm} offers no AES key for ${who}; this client speaks AES only`);
      const key = this.#userKey(etype, password, realm, cname, salts);
      const now = kerberosNow(this.#now());
      const timestamp: PaData = {
        type: PA_TYPE.encTimestamp,
        value: encodeEncryptedData({ etype, cipher: encrypt(key, KEY_USAGE.paEncTimestamp, encodePaEncTimestamp(now.time, now.usec)) }),
      };
      reply = await this.#send(realm, encodeKdcRequest({ messageType: MESSAGE_TYPE.asReq, padata: [timestamp], body }), signal);
      if (messageTag(reply) === MESSAGE_TYPE.error) throw this.#kdcError(decodeKrbError(reply), who, '');
    }
    const asRep = decodeKdcReply(reply, MESSAGE_TYPE.asRep);
    if (!isAesEnctype(asRep.encPart.etype)) throw this.#error('unsupported', `The KDC of ${realm} answered with encryption type ${asRep.encPart.etype}; this client speaks AES only`);
    const key = this.#userKey(asRep.encPart.etype, password, realm, cname, salts);
    let part;
    try {
      part = decodeEncKdcRepPart(decrypt(key, KEY_USAGE.asRepEncPart, asRep.encPart.cipher));
    } catch (error) {
      if (error instanceof KerberosIntegrityError) throw this.#error('wrong-password', `The password of ${who} does not decrypt the KDC's answer: wrong password`);
      throw error;
    }
    if (part.nonce !== nonce) throw this.#error('integrity', `The KDC's answer for ${who} does not carry this request's nonce`);
    return this.#ticketFrom(asRep.crealm, asRep.cname, asRep.ticket, part.key, part.endtime);
  }

  #userKey(etype: number, password: string, realm: string, cname: PrincipalName, salts: Map<number, { salt: string | null; iterations: number | null }>): KerberosKey {
    if (!isAesEnctype(etype)) throw this.#error('unsupported', `encryption type ${etype} is not AES`);
    const info = salts.get(etype);
    return stringToKey(etype, password, info?.salt ?? `${realm}${cname.components.join('')}`, info?.iterations ?? undefined);
  }

  #ticketFrom(realm: string, cname: PrincipalName, ticket: Uint8Array, key: { enctype: number; value: Uint8Array }, endtime: Date): KerberosTicket {
    if (!isAesEnctype(key.enctype)) throw this.#error('unsupported', `The KDC issued a session key of encryption type ${key.enctype}; this client speaks AES only`);
    return { realm, cname, ticket, key: { enctype: key.enctype, value: key.value }, endtime };
  }

  async #tgsExchange(tgt: KerberosTicket, sname: PrincipalName, signal?: AbortSignal): Promise<KerberosTicket> {
    const realm = tgt.realm;
    const who = `${tgt.cname.components.join('/')}@${realm}`;
    const what = `${sname.components.join('/')}@${realm}`;
    const nonce = randomUint31();
    const body = encodeKdcReqBody({ realm, sname, nonce, etypes: ETYPES });
    const now = this.authenticatorTime();
    const authenticator = encodeAuthenticator({
      crealm: realm,
      cname: tgt.cname,
      checksum: { type: CHECKSUM_TYPE[tgt.key.enctype], value: checksum(tgt.key, KEY_USAGE.tgsReqAuthChecksum, body) },
      time: now.time,
      usec: now.usec,
    });
    const apReq = encodeApReq(0, tgt.ticket, { etype: tgt.key.enctype, cipher: encrypt(tgt.key, KEY_USAGE.tgsReqAuthenticator, authenticator) });
    const reply = await this.#send(realm, encodeKdcRequest({ messageType: MESSAGE_TYPE.tgsReq, padata: [{ type: PA_TYPE.tgsReq, value: apReq }], body }), signal);
    if (messageTag(reply) === MESSAGE_TYPE.error) throw this.#kdcError(decodeKrbError(reply), who, what);
    const tgsRep = decodeKdcReply(reply, MESSAGE_TYPE.tgsRep);
    const part = decodeEncKdcRepPart(decrypt(tgt.key, KEY_USAGE.tgsRepEncPartSessionKey, tgsRep.encPart.cipher));
    if (part.nonce !== nonce) throw this.#error('integrity', `The KDC's answer for ${what} does not carry this request's nonce`);
    return this.#ticketFrom(tgsRep.crealm, tgsRep.cname, tgsRep.ticket, part.key, part.endtime);
  }
}
