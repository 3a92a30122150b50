/**
 * The session-key exchange messages (protocol 2.3 and older; 2.4 retired them): MS-PSRP 2.2.2.3 PUBLIC_KEY (the
 * client's RSA public key), 2.2.2.4 ENCRYPTED_SESSION_KEY (the server's AES key, encrypted to it) and 2.2.2.5
 * PUBLIC_KEY_REQUEST (the server asks the client to start). The crypto is in session-key.ts.
 */
import { decodeBase64, encodeBase64 } from '@psrp/fragment';
import { PSObject, type PsValue } from '@psrp/clixml';
import { readObject, readString } from './message-fields.js';

export function buildPublicKey(publicKeyBlob: Uint8Array): PSObject {
  return new PSObject({ extended: { PublicKey: encodeBase64(publicKeyBlob) } });
}

export function parseEncryptedSessionKey(body: PsValue): Uint8Array {
  return decodeBase64(readString(readObject(body, 'ENCRYPTED_SESSION_KEY'), 'EncryptedSessionKey', 'ENCRYPTED_SESSION_KEY'));
}
