/**
 * @module auth/ntlm/ntlm-context
 * The NTLMv2 client (MS-NLMP 3.1.5.1): NEGOTIATE, then AUTHENTICATE for the server's CHALLENGE with the
 * NTLMv2 response, a MIC over the three messages (MsvAvFlags bit 0x2), the channel-binding hash
 * (MsvAvChannelBindings) and the target name, and a random exported session key (KEY_EXCH). HTTP carries
 * raw NTLMSSP tokens under the Negotiate scheme, as Windows clients send them to WinRM.
 */
import { randomBytes, utf16le } from '../../bytes.js';
import { WSManAuthError } from '../../errors.js';
import type { AuthContext, AuthTarget, MessageSealer } from '../auth-context.js';
import { gssChannelBindingsHash } from '../channel-binding.js';
import { computeNtlmv2Response, deriveSessionKeys, hmacMd5, ntlmv2ClientChallenge, ntowfv2FromHash } from './ntlm-crypto.js';
import {
  AV_FLAG_MIC_PRESENT,
  AV_ID,
  CLIENT_FLAGS,
  MIC_BYTES,
  MIC_OFFSET,
  NTLMSSP_FLAGS,
  NtlmFormatError,
  decodeAvPairs,
  decodeChallengeMessage,
  encodeAuthenticateMessage,
  encodeAvPairs,
  encodeNegotiateMessage,
  filetime,
  type AvPair,
} from './ntlm-messages.js';
import { NTLM_SIGNATURE_BYTES, NtlmIntegrityError, NtlmSession } from './ntlm-session.js';
import { rc4 } from './rc4.js';
import type { NtlmCredentials } from './ntlm-credentials.js';

export const SPNEGO_SESSION_ENCRYPTED = 'application/HTTP-SPNEGO-session-encrypted';
const CLIENT_CHALLENGE_BYTES = 8;
const SESSION_KEY_BYTES = 16;

/** Where the clock and randomness come from (tests fix them). */
export interface NtlmEnvironment {
  now(): number;
  random(length: number): Uint8Array;
}

const DEFAULT_ENVIRONMENT: NtlmEnvironment = { now: () => Date.now(), random: randomBytes };

function readUint32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}

/** The AV pairs the client returns: the server's, with MIC-present flag, channel bindings and target name. */
function clientAvPairs(serverPairs: AvPair[], channelBinding: Uint8Array | null, targetName: string): AvPair[] {
  const pairs = serverPairs.filter(
    (pair) => pair.id !== AV_ID.MsvAvFlags && pair.id !== AV_ID.MsvAvChannelBindings && pair.id !== AV_ID.MsvAvTargetName,
  );
  const serverFlags = serverPairs.find((pair) => pair.id === AV_ID.MsvAvFlags);
  const flags = new Uint8Array(4);
  new DataView(flags.buffer).setUint32(0, ((serverFlags ? readUint32(serverFlags.value) : 0) | AV_FLAG_MIC_PRESENT) >>> 0, true);
  pairs.push({ id: AV_ID.MsvAvFlags, value: flags });
  // An all-zero hash says "no channel bindings" (2.2.2.1).
  pairs.push({ id: AV_ID.MsvAvChannelBindings, value: channelBinding === null ? new Uint8Array(16) : gssChannelBindingsHash(channelBinding) });
  pairs.push({ id: AV_ID.MsvAvTargetName, value: utf16le(targetName) });
  return pairs;
}

export class NtlmContext implements AuthContext {
  readonly scheme = 'Negotiate';
  #negotiate: Uint8Array | null = null;
  #session: NtlmSession | null = null;
  #sentChannelBinding = false;
  readonly #credentials: NtlmCredentials;
  readonly #target: AuthTarget;
  readonly #environment: NtlmEnvironment;
  readonly #mechanism: string;

  constructor(credentials: NtlmCredentials, target: AuthTarget, options: { environment?: NtlmEnvironment; mechanism?: string } = {}) {
    this.#credentials = credentials;
    this.#target = target;
    this.#environment = options.environment ?? DEFAULT_ENVIRONMENT;
    this.#mechanism = options.mechanism ?? 'ntlm';
  }

  get complete(): boolean {
    return this.#session !== null;
  }

  /** The session keys' sign, verify, seal and unseal, once AUTHENTICATE is built. */
  get session(): NtlmSession | null {
    return this.#session;
  }

  get sealer(): MessageSealer | null {
    const session = this.#session;
    if (session === null) return null;
    const mechanism = this.#mechanism;
    return {
      protocol: SPNEGO_SESSION_ENCRYPTED,
      async seal(plaintext) {
        const { signature, sealed } = session.seal(plaintext);
        return { header: signature, data: sealed };
      },
      async unseal(sealed) {
        if (sealed.header.byteLength !== NTLM_SIGNATURE_BYTES) {
          throw new WSManAuthError(200, [], { reason: 'integrity', mechanism, message: `The server's sealed response has a ${sealed.header.byteLength}-byte signature; NTLM signatures are ${NTLM_SIGNATURE_BYTES} bytes` });
        }
        try {
          return session.unseal(sealed.header, sealed.data);
        } catch (error) {
          if (error instanceof NtlmIntegrityError) {
            throw new WSManAuthError(200, [], { reason: 'integrity', mechanism, message: `The server's sealed response failed its NTLM signature check: ${error.message}` });
          }
          throw error;
        }
      },
    };
  }

  async initialize(): Promise<Uint8Array> {
    this.#negotiate = encodeNegotiateMessage();
    return this.#negotiate;
  }

  async step(token: Uint8Array): Promise<Uint8Array | null> {
    if (this.#negotiate === null || this.#session !== null) {
      throw new WSManAuthError(401, [], { reason: 'unsupported', mechanism: this.#mechanism, message: 'The server sent an NTLM token out of turn' });
    }
    try {
      return await this.#authenticate(token);
    } catch (error) {
      if (error instanceof NtlmFormatError) {
        throw new WSManAuthError(401, [], { reason: 'unsupported', mechanism: this.#mechanism, message: `The server's NTLM challenge is malformed: ${error.message}` });
      }
      throw error;
    }
  }

  async #authenticate(challengeBytes: Uint8Array): Promise<Uint8Array> {
    const challenge = decodeChallengeMessage(challengeBytes);
    const required = NTLMSSP_FLAGS.NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_FLAGS.NEGOTIATE_SEAL | NTLMSSP_FLAGS.NEGOTIATE_SIGN;
    if ((challenge.flags & required) !== required || challenge.targetInfo.byteLength === 0) {
      throw new WSManAuthError(401, [], {
        reason: 'unsupported',
        mechanism: this.#mechanism,
        message: 'The server does not offer NTLMv2 with extended session security, signing and sealing; this client speaks nothing weaker',
      });
    }
    const flags = (CLIENT_FLAGS & challenge.flags) >>> 0;
    const keyExchange = (flags & NTLMSSP_FLAGS.NEGOTIATE_KEY_EXCH) !== 0;
    const serverPairs = decodeAvPairs(challenge.targetInfo);
    const serverTime = serverPairs.find((pair) => pair.id === AV_ID.MsvAvTimestamp)?.value;
    const timestamp = serverTime ?? filetime(this.#environment.now());
    const channelBinding = await this.#target.channelBinding();
    this.#sentChannelBinding = channelBinding !== null;
    const targetInfo = encodeAvPairs(clientAvPairs(serverPairs, channelBinding, `HTTP/${this.#target.hostname}`));
    const clientChallenge = this.#environment.random(CLIENT_CHALLENGE_BYTES);
    const { user, domain } = this.#credentials;
    const responseKey = ntowfv2FromHash(await this.#credentials.ntHash(), user, domain);
    const response = computeNtlmv2Response(
      responseKey,
      challenge.serverChallenge,
      clientChallenge,
      ntlmv2ClientChallenge(timestamp, clientChallenge, targetInfo),
      // With a server timestamp the client sends Z(24) as the LM response (3.1.5.1.2).
      serverTime === undefined,
    );
    const keyExchangeKey = response.sessionBaseKey;
    const exportedSessionKey = keyExchange ? this.#environment.random(SESSION_KEY_BYTES) : keyExchangeKey;
    const message = encodeAuthenticateMessage({
      flags,
      lmChallengeResponse: response.lmChallengeResponse,
      ntChallengeResponse: response.ntChallengeResponse,
      domain: utf16le(domain),
      user: utf16le(user),
      workstation: utf16le(this.#credentials.workstation),
      encryptedRandomSessionKey: keyExchange ? rc4(keyExchangeKey, exportedSessionKey) : new Uint8Array(0),
    });
    const mic = hmacMd5(exportedSessionKey, this.#negotiate!, challengeBytes, message);
    message.set(mic.subarray(0, MIC_BYTES), MIC_OFFSET);
    const keyBits = (flags & NTLMSSP_FLAGS.NEGOTIATE_128) !== 0 ? 128 : (flags & NTLMSSP_FLAGS.NEGOTIATE_56) !== 0 ? 56 : 40;
    this.#session = new NtlmSession(deriveSessionKeys(exportedSessionKey, keyBits), keyExchange);
    return message;
  }

  rejected(status: number, offeredSchemes: string[]): WSManAuthError {
    const who = this.#credentials.displayName;
    const binding = this.#sentChannelBinding
      ? ", or the channel binding did not match (the server's TLS certificate differs from the one this client saw: a TLS-inspecting proxy, or a load balancer that terminates TLS)"
      : '';
    return new WSManAuthError(status, offeredSchemes, {
      reason: 'rejected',
      mechanism: this.#mechanism,
      message: `The server rejected the NTLM authentication of ${who} (HTTP ${status}): wrong password or unknown user (NTLM does not tell which)${binding}`,
    });
  }

  dispose(): void {
    this.#session = null;
  }
}

