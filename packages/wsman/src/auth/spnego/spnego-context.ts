/**
 * @module auth/spnego/spnego-context
 * SPNEGO (RFC 4178) around this package's NTLM: a NegTokenInit offering NTLMSSP with the NEGOTIATE
 * message, then a NegTokenResp with AUTHENTICATE and the mechListMIC (NTLM's MAC over the DER mechTypes
 * list, sequence number 0); the server's last NegTokenResp (on the 200) carries its own mechListMIC, which
 * is checked here and so consumes the server's sequence number 0. Then both RC4 states start over
 * (MS-SPNG 3.3.5.1), while the sequence numbers go on: sealed messages start at 1.
 */
import { WSManAuthError } from '../../errors.js';
import type { AuthContext, AuthTarget, MessageSealer } from '../auth-context.js';
import { NtlmContext, type NtlmEnvironment } from '../ntlm/ntlm-context.js';
import type { NtlmCredentials } from '../ntlm/ntlm-credentials.js';
import { NtlmIntegrityError } from '../ntlm/ntlm-session.js';
import { DER_TAG, DerError, derOid, derTlv, readDer, readDerChildren, readOid } from '../der.js';

export const SPNEGO_OID = '1.3.6.1.5.5.2';
export const NTLMSSP_OID = '1.3.6.1.4.1.311.2.2.10';
export const KERBEROS_OID = '1.2.840.113554.1.2.2';

/** NegState (RFC 4178 4.2.2). */
export const NEG_STATE = { acceptCompleted: 0, acceptIncomplete: 1, reject: 2, requestMic: 3 } as const;

export interface NegTokenResp {
  negState: number | null;
  supportedMech: string | null;
  responseToken: Uint8Array | null;
  mechListMic: Uint8Array | null;
}

/** The initial token: [APPLICATION 0] { SPNEGO OID, [0] NegTokenInit { [0] mechTypes, [2] mechToken } }. */
export function encodeNegTokenInit(mechTypes: Uint8Array, mechToken: Uint8Array): Uint8Array {
  const negTokenInit = derTlv(
    DER_TAG.context0,
    derTlv(DER_TAG.sequence, derTlv(DER_TAG.context0, mechTypes), derTlv(DER_TAG.context2, derTlv(DER_TAG.octetString, mechToken))),
  );
  return derTlv(DER_TAG.application0, derOid(SPNEGO_OID), negTokenInit);
}

/** [1] NegTokenResp { [2] responseToken, [3] mechListMIC }. */
export function encodeNegTokenResp(responseToken: Uint8Array, mechListMic: Uint8Array | null): Uint8Array {
  const fields = [derTlv(DER_TAG.context2, derTlv(DER_TAG.octetString, responseToken))];
  if (mechListMic !== null) fields.push(derTlv(DER_TAG.context3, derTlv(DER_TAG.octetString, mechListMic)));
  return derTlv(DER_TAG.context1, derTlv(DER_TAG.sequence, ...fields));
}

export function decodeNegTokenResp(token: Uint8Array): NegTokenResp {
  const outer = readDer(token, 0);
  if (outer.tag !== DER_TAG.context1) throw new DerError('not a NegTokenResp');
  const [sequence] = readDerChildren(token, outer);
  if (sequence?.tag !== DER_TAG.sequence) throw new DerError('not a NegTokenResp');
  const result: NegTokenResp = { negState: null, supportedMech: null, responseToken: null, mechListMic: null };
  for (const field of readDerChildren(token, sequence)) {
    const [inner] = readDerChildren(token, field);
    if (inner === undefined) continue;
    if (field.tag === DER_TAG.context0 && inner.tag === DER_TAG.enumerated) result.negState = token[inner.start] ?? null;
    if (field.tag === DER_TAG.context1) result.supportedMech = readOid(token, inner);
    if (field.tag === DER_TAG.context2 && inner.tag === DER_TAG.octetString) result.responseToken = token.slice(inner.start, inner.end);
    if (field.tag === DER_TAG.context3 && inner.tag === DER_TAG.octetString) result.mechListMic = token.slice(inner.start, inner.end);
  }
  return result;
}

export class SpnegoNtlmContext implements AuthContext {
  readonly scheme = 'Negotiate';
  readonly #ntlm: NtlmContext;
  readonly #mechTypes = derTlv(DER_TAG.sequence, derOid(NTLMSSP_OID));
  #sentAuthenticate = false;

  constructor(credentials: NtlmCredentials, target: AuthTarget, options: { environment?: NtlmEnvironment } = {}) {
    this.#ntlm = new NtlmContext(credentials, target, { ...options, mechanism: 'negotiate' });
  }

  get complete(): boolean {
    return this.#ntlm.complete;
  }

  get sealer(): MessageSealer | null {
    return this.#ntlm.sealer;
  }

  async initialize(): Promise<Uint8Array> {
    return encodeNegTokenInit(this.#mechTypes, await this.#ntlm.initialize());
  }

  async step(token: Uint8Array): Promise<Uint8Array | null> {
    let response: NegTokenResp;
    try {
      response = decodeNegTokenResp(token);
    } catch (error) {
      throw new WSManAuthError(401, [], { reason: 'unsupported', mechanism: 'negotiate', message: "The server's SPNEGO token is malformed", cause: error });
    }
    if (response.negState === NEG_STATE.reject) throw this.rejected(401, []);
    if (!this.#sentAuthenticate) {
      if (response.supportedMech !== null && response.supportedMech !== NTLMSSP_OID) {
        throw new WSManAuthError(401, [], {
          reason: 'unsupported',
          mechanism: 'negotiate',
          message: `The server chose SPNEGO mechanism ${response.supportedMech}; with a password this client offers NTLM only`,
        });
      }
      if (response.responseToken === null) throw new WSManAuthError(401, [], { reason: 'unsupported', mechanism: 'negotiate', message: 'The server sent no NTLM challenge in its SPNEGO token' });
      const authenticate = (await this.#ntlm.step(response.responseToken))!;
      this.#sentAuthenticate = true;
      return encodeNegTokenResp(authenticate, this.#ntlm.session!.sign(this.#mechTypes));
    }
    if (response.mechListMic !== null) {
      try {
        this.#ntlm.session!.verify(response.mechListMic, this.#mechTypes);
      } catch (error) {
        if (!(error instanceof NtlmIntegrityError)) throw error;
        throw new WSManAuthError(200, [], { reason: 'integrity', mechanism: 'negotiate', message: "The server's SPNEGO mechListMIC does not verify: the negotiation was tampered with", cause: error });
      }
    }
    this.#ntlm.session!.resetCiphers();
    return null;
  }

  rejected(status: number, offeredSchemes: string[]): WSManAuthError {
    return this.#ntlm.rejected(status, offeredSchemes);
  }

  dispose(): void {
    this.#ntlm.dispose();
  }
}
