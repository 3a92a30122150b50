/**
 * @module auth/kerberos/kerberos-context
 * The Kerberos GSS mechanism (RFC 4121) for HTTP: an AP-REQ for HTTP/<host> with the GSS checksum
 * (channel bindings of the TLS certificate, context flags), a subkey and a sequence number; the server's
 * AP-REP gives its subkey and sequence number; then Wrap tokens seal messages in WinRM's layout. Under the
 * `Kerberos` scheme the tokens go raw; under `Negotiate` they ride in SPNEGO (RFC 4178) offering krb5.
 * Pure TypeScript: tickets come from the KDC (password) or the credential cache, by KerberosClient.
 */
import { md5 } from '@noble/hashes/legacy.js';
import { concatBytes, randomBytes, uint32LE } from '../../bytes.js';
import { WSManAuthError } from '../../errors.js';
import type { AuthContext, AuthTarget, MessageSealer } from '../auth-context.js';
import { DER_TAG, DerError, derOid, derSequence, derTlv, readDer, readOid } from '../der.js';
import { SPNEGO_SESSION_ENCRYPTED } from '../ntlm/ntlm-context.js';
import { KERBEROS_OID, NEG_STATE, decodeNegTokenResp, encodeNegTokenInit } from '../spnego/spnego-context.js';
import { GssTokenError, TOKEN_FLAG, unwrapToken, verifyMicToken, wrapInIov } from './gss-tokens.js';
import type { KerberosClient } from './kerberos-client.js';
import { decrypt, encrypt, isAesEnctype, randomKey, KerberosIntegrityError, type KerberosKey } from './kerberos-crypto.js';
import {
  AP_OPTION_MUTUAL_REQUIRED,
  KEY_USAGE,
  KRB_ERROR,
  decodeApRep,
  decodeEncApRepPart,
  decodeKrbError,
  encodeApReq,
  encodeAuthenticator,
} from './kerberos-messages.js';

export const KERBEROS_SESSION_ENCRYPTED = 'application/HTTP-Kerberos-session-encrypted';

/** GSS token ids inside the krb5 InitialContextToken framing (RFC 4121 4.1). */
const TOK_ID = { apReq: [0x01, 0x00], apRep: [0x02, 0x00], error: [0x03, 0x00] } as const;
/** The authenticator checksum type of RFC 4121 4.1.1. */
const GSS_CHECKSUM_TYPE = 0x8003;
const GSS_FLAGS = { mutual: 2, replay: 4, sequence: 8, confidentiality: 16, integrity: 32 } as const;

export interface KerberosContextOptions {
  scheme: 'Kerberos' | 'Negotiate';
  service: string;
  hostname: string;
}

function frame(tokenId: readonly number[], inner: Uint8Array): Uint8Array {
  return derTlv(DER_TAG.application0, derOid(KERBEROS_OID), new Uint8Array(tokenId), inner);
}

function unframe(token: Uint8Array): { tokenId: number[]; inner: Uint8Array } {
  const outer = readDer(token, 0);
  if (outer.tag !== DER_TAG.application0) throw new DerError('not a GSS token');
  const oid = readDer(token, outer.start, outer.end);
  if (readOid(token, oid) !== KERBEROS_OID) throw new DerError('not a Kerberos GSS token');
  const at = oid.end;
  return { tokenId: [token[at]!, token[at + 1]!], inner: token.subarray(at + 2, outer.end) };
}

/** The 24-byte GSS checksum (RFC 4121 4.1.1): Lgth 16, Bnd (MD5 of the channel bindings or zeros), Flags. */
function gssChecksum(channelBinding: Uint8Array | null, flags: number): Uint8Array {
  const bindings = channelBinding === null ? new Uint8Array(16) : md5(concatBytes([new Uint8Array(16), uint32LE(channelBinding.length), channelBinding]));
  return concatBytes([uint32LE(16), bindings, uint32LE(flags)]);
}

function randomUint31(): number {
  return new DataView(randomBytes(4).buffer).getUint32(0, false) >>> 1;
}

export class KerberosContext implements AuthContext {
  readonly scheme: 'Kerberos' | 'Negotiate';
  readonly #client: KerberosClient;
  readonly #options: KerberosContextOptions;
  readonly #target: AuthTarget;
  readonly #mechTypes = derSequence(derOid(KERBEROS_OID));
  #ticketKey: KerberosKey | null = null;
  #subkey: KerberosKey | null = null;
  #sendSequence = 0n;
  #receiveSequence = 0n;
  #sealingKey: KerberosKey | null = null;
  #acceptorSubkey = false;
  #complete = false;
  #sentChannelBinding = false;
  #who = 'the user';

  constructor(client: KerberosClient, target: AuthTarget, options: KerberosContextOptions) {
    this.#client = client;
    this.#target = target;
    this.#options = options;
    this.scheme = options.scheme;
  }

  get #mechanism(): string {
    return this.scheme === 'Kerberos' ? 'kerberos' : 'negotiate';
  }

  get #spn(): string {
    return `${this.#options.service}/${this.#options.hostname}`;
  }

  get complete(): boolean {
    return this.#complete;
  }

  async initialize(): Promise<Uint8Array> {
    const ticket = await this.#client.serviceTicket(this.#options.service, this.#options.hostname);
    this.#who = `${ticket.cname.components.join('/')}@${ticket.realm}`;
    this.#ticketKey = ticket.key;
    this.#subkey = randomKey(ticket.key.enctype);
    const sequence = randomUint31();
    this.#sendSequence = BigInt(sequence);
    const channelBinding = await this.#target.channelBinding();
    this.#sentChannelBinding = channelBinding !== null;
    const flags = GSS_FLAGS.mutual | GSS_FLAGS.replay | GSS_FLAGS.sequence | GSS_FLAGS.confidentiality | GSS_FLAGS.integrity;
    const now = this.#client.authenticatorTime();
    const authenticator = encodeAuthenticator({
      crealm: ticket.realm,
      cname: ticket.cname,
      checksum: { type: GSS_CHECKSUM_TYPE, value: gssChecksum(channelBinding, flags) },
      time: now.time,
      usec: now.usec,
      subkey: this.#subkey,
      sequenceNumber: sequence,
    });
    const apReq = encodeApReq(AP_OPTION_MUTUAL_REQUIRED, ticket.ticket, {
      etype: ticket.key.enctype,
      cipher: encrypt(ticket.key, KEY_USAGE.apReqAuthenticator, authenticator),
    });
    const token = frame(TOK_ID.apReq, apReq);
    return this.scheme === 'Negotiate' ? encodeNegTokenInit(this.#mechTypes, token) : token;
  }

  #failure(message: string, cause?: unknown): WSManAuthError {
    return new WSManAuthError(401, [], { reason: 'integrity', mechanism: this.#mechanism, message, cause });
  }

  async step(token: Uint8Array): Promise<Uint8Array | null> {
    let mechToken = token;
    let mechListMic: Uint8Array | null = null;
    if (this.scheme === 'Negotiate') {
      const response = decodeNegTokenResp(token);
      if (response.negState === NEG_STATE.reject) throw this.rejected(401, []);
      if (response.supportedMech !== null && response.supportedMech !== KERBEROS_OID) {
        throw new WSManAuthError(401, [], { reason: 'unsupported', mechanism: 'negotiate', message: `The server chose SPNEGO mechanism ${response.supportedMech} instead of Kerberos` });
      }
      if (response.responseToken === null) {
        if (this.#complete) return null;
        throw new WSManAuthError(401, [], { reason: 'unsupported', mechanism: 'negotiate', message: 'The server sent no Kerberos token in its SPNEGO answer' });
      }
      mechToken = response.responseToken;
      mechListMic = response.mechListMic;
    }
    let framed;
    try {
      framed = unframe(mechToken);
    } catch (error) {
      throw this.#failure('The server sent a Kerberos token that does not parse', error);
    }
    if (framed.tokenId[0] === TOK_ID.error[0] && framed.tokenId[1] === TOK_ID.error[1]) {
      const error = decodeKrbError(framed.inner);
      const explanation: Record<number, string> = {
        [KRB_ERROR.clockSkew]: ": this machine's clock is too far from the server's",
        [KRB_ERROR.modified]: ": the server's key for the service does not match the KDC's (a stale keytab, or the SPN belongs to another account)",
        [KRB_ERROR.ticketExpired]: ': the ticket has expired',
      };
      throw new WSManAuthError(401, [], {
        reason: 'rejected',
        mechanism: this.#mechanism,
        message:
          `The server refused the Kerberos ticket of ${this.#who} for ${this.#spn}: error ${error.errorCode}${error.text ? ` (${error.text})` : ''}` +
          (explanation[error.errorCode] ?? '') +
          this.#bindingHint(),
      });
    }
    if (framed.tokenId[0] !== TOK_ID.apRep[0] || framed.tokenId[1] !== TOK_ID.apRep[1]) throw this.#failure('The server sent a Kerberos token that is not an AP-REP');
    let part;
    try {
      const encPart = decodeApRep(framed.inner);
      part = decodeEncApRepPart(decrypt(this.#ticketKey!, KEY_USAGE.apRepEncPart, encPart.cipher));
    } catch (error) {
      if (error instanceof KerberosIntegrityError || error instanceof DerError) throw this.#failure("The server's AP-REP does not decrypt with the ticket's session key: it is not the service the ticket is for", error);
      throw error;
    }
    if (part.subkey !== null) {
      if (!isAesEnctype(part.subkey.enctype)) throw this.#failure(`The server chose a subkey of encryption type ${part.subkey.enctype}; this client speaks AES only`);
      this.#sealingKey = { enctype: part.subkey.enctype, value: part.subkey.value };
      this.#acceptorSubkey = true;
    } else {
      this.#sealingKey = this.#subkey;
    }
    this.#receiveSequence = BigInt(part.sequenceNumber ?? 0);
    this.#complete = true;
    if (mechListMic !== null) {
      try {
        verifyMicToken(this.#sealingKey!, mechListMic, this.#mechTypes);
        this.#receiveSequence += 1n;
      } catch (error) {
        throw this.#failure("The server's SPNEGO mechListMIC does not verify: the negotiation was tampered with", error);
      }
    }
    return null;
  }

  get sealer(): MessageSealer | null {
    if (!this.#complete || this.#sealingKey === null) return null;
    const key = this.#sealingKey;
    const flags = TOKEN_FLAG.sealed | (this.#acceptorSubkey ? TOKEN_FLAG.acceptorSubkey : 0);
    const mechanism = this.#mechanism;
    return {
      protocol: this.scheme === 'Kerberos' ? KERBEROS_SESSION_ENCRYPTED : SPNEGO_SESSION_ENCRYPTED,
      seal: async (plaintext) => {
        const sealed = wrapInIov(key, flags, this.#sendSequence, plaintext);
        this.#sendSequence += 1n;
        return sealed;
      },
      unseal: async (sealed) => {
        try {
          const plaintext = unwrapToken(key, concatBytes([sealed.header, sealed.data]), this.#receiveSequence);
          this.#receiveSequence += 1n;
          return plaintext;
        } catch (error) {
          if (!(error instanceof GssTokenError)) throw error;
          throw new WSManAuthError(200, [], { reason: 'integrity', mechanism, message: `The server's sealed response failed the Kerberos check: ${error.message}` });
        }
      },
    };
  }

  #bindingHint(): string {
    return this.#sentChannelBinding
      ? "; or the channel binding did not match (the server's TLS certificate differs from the one this client saw: a TLS-inspecting proxy, or a load balancer that terminates TLS)"
      : '';
  }

  rejected(status: number, offeredSchemes: string[]): WSManAuthError {
    const binding = this.#bindingHint();
    return new WSManAuthError(status, offeredSchemes, {
      reason: 'rejected',
      mechanism: this.#mechanism,
      message: `The server rejected the Kerberos ticket of ${this.#who} for ${this.#spn} (HTTP ${status}): its service key does not match the KDC's, or the user may not log on${binding}`,
    });
  }

  dispose(): void {
    this.#complete = false;
    this.#sealingKey = null;
    this.#subkey = null;
    this.#ticketKey = null;
  }
}

