/**
 * @module auth/kerberos/kerberos-platform
 * What the Kerberos client needs from its runtime, kept out of the protocol code: a way to reach a KDC
 * (TCP with the 4-byte length prefix of RFC 4120 7.2.2), the machine's default realm, and the user's
 * credential cache. The Node implementation comes with the undici engine.
 */

export interface KerberosPlatform {
  /**
   * Sends one message to a KDC of `realm` and returns its reply. `kdc` ('host' or 'host:port') is the
   * user's choice; without it the platform finds one (krb5.conf, DNS SRV records).
   */
  sendToKdc(realm: string, kdc: string | undefined, message: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
  /** The default realm of the machine's Kerberos configuration, or null. */
  defaultRealm(): Promise<string | null>;
  /**
   * The MIT credential cache (file format 4) that holds tickets for `principal` (or the default one):
   * KRB5CCNAME's FILE: or DIR: cache, or the default /tmp/krb5cc_<uid>. Null when there is none.
   */
  readCredentialCache(principal: string | undefined): Promise<Uint8Array | null>;
}
