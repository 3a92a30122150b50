/**
 * The Debian packages the authentication peers need: gss-ntlmssp and python3-gssapi (the NTLM acceptor, python
 * bindings for the endpoint), the MIT KDC and client tools (kdb5_util, kadmin.local, krb5kdc, kinit), and openssl for
 * test certificates.
 */
import { ensureDebianPackages } from '../debian-packages.js';

export const AUTH_PEER_PACKAGES = ['gss-ntlmssp', 'python3-gssapi', 'krb5-kdc', 'krb5-admin-server', 'krb5-user', 'openssl'] as const;

/** Debian's python: the one on PATH may be a separate build that cannot import python3-gssapi. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** Installs whatever of AUTH_PEER_PACKAGES is missing; throws with apt's output when that fails. */
export function ensureAuthPeers(): Promise<void> {
  return ensureDebianPackages(AUTH_PEER_PACKAGES);
}
