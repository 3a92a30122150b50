/**
 * @module auth/ntlm/ntlm-credentials
 * The user, domain and password of NTLM. The user name may be `DOMAIN\user` or a UPN `user@domain`
 * (sent whole as the user, with an empty domain, as Windows does). The password is kept only as its NT
 * hash, computed on first use, in a private field: it never reaches a message, a log or JSON.
 */
import { utf16le } from '../../bytes.js';
import { md4 } from './ntlm-crypto.js';

export class NtlmCredentials {
  readonly user: string;
  readonly domain: string;
  readonly workstation: string;
  #password: string | null;
  #ntHash: Promise<Uint8Array> | null = null;

  constructor(options: { username: string; password: string; domain?: string; workstation?: string }) {
    const backslash = options.username.indexOf('\\');
    if (options.domain !== undefined) {
      this.user = options.username;
      this.domain = options.domain;
    } else if (backslash !== -1) {
      this.domain = options.username.slice(0, backslash);
      this.user = options.username.slice(backslash + 1);
    } else {
      this.user = options.username;
      this.domain = '';
    }
    this.workstation = options.workstation ?? '';
    this.#password = options.password;
  }

  /** How messages name the account: DOMAIN\user or user. */
  get displayName(): string {
    return this.domain === '' ? this.user : `${this.domain}\\${this.user}`;
  }

  /** MD4(UNICODE(password)). */
  ntHash(): Promise<Uint8Array> {
    if (this.#ntHash === null) {
      this.#ntHash = md4(utf16le(this.#password ?? ''));
      this.#password = null;
    }
    return this.#ntHash;
  }

  toJSON(): Record<string, string> {
    return { user: this.user, domain: this.domain };
  }
}
