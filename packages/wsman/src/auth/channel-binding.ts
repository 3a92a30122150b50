/**
 * @module auth/channel-binding
 * TLS channel bindings for HTTP authentication: `tls-server-end-point` (RFC 5929 4.1), the hash of the
 * server's certificate with the hash function of its signature algorithm (SHA-256 when that is MD5 or
 * SHA-1, or unknown), and the gss_channel_bindings_struct that NTLM hashes into MsvAvChannelBindings
 * (MS-NLMP 2.2.2.1; RFC 4121 4.1.1.2): four zero address fields, then the length and the application data.
 */
import { md5 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, uint32LE } from '../bytes.js';
import { readDer, readDerChildren, readOid } from './der.js';

export const TLS_SERVER_END_POINT_PREFIX = 'tls-server-end-point:';

/** Signature algorithm OIDs whose hash is SHA-384 or SHA-512; everything else binds with SHA-256. */
const HASH_BY_SIGNATURE_OID: Record<string, (data: Uint8Array) => Uint8Array> = {
  '1.2.840.113549.1.1.12': sha384, // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13': sha512, // sha512WithRSAEncryption
  '1.2.840.10045.4.3.3': sha384, // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4': sha512, // ecdsa-with-SHA512
};

/** The signatureAlgorithm OID of a DER X.509 certificate (Certificate ::= SEQUENCE { tbs, sigAlg, sig }). */
export function certificateSignatureOid(der: Uint8Array): string {
  const certificate = readDer(der, 0);
  const [, algorithm] = readDerChildren(der, certificate);
  if (algorithm === undefined) throw new Error('not an X.509 certificate');
  const [oid] = readDerChildren(der, algorithm);
  if (oid === undefined) throw new Error('not an X.509 certificate');
  return readOid(der, oid);
}

/** The application data of tls-server-end-point channel bindings for a DER server certificate. */
export function tlsServerEndPoint(certificateDer: Uint8Array): Uint8Array {
  const hash = HASH_BY_SIGNATURE_OID[certificateSignatureOid(certificateDer)] ?? sha256;
  return concatBytes([new TextEncoder().encode(TLS_SERVER_END_POINT_PREFIX), hash(certificateDer)]);
}

/** MD5 of the gss_channel_bindings_struct with only application data (MsvAvChannelBindings). */
export function gssChannelBindingsHash(applicationData: Uint8Array): Uint8Array {
  return md5(concatBytes([new Uint8Array(16), uint32LE(applicationData.byteLength), applicationData]));
}
