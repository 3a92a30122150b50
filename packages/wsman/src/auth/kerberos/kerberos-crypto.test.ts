import { describe, expect, it } from 'vitest';
import { ctsDecrypt, ctsEncrypt, decrypt, encrypt, ENCTYPE, KerberosIntegrityError, nfold, stringToKey } from './kerberos-crypto.js';

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s/g, '').match(/../g)!.map((pair) => parseInt(pair, 16)));
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('n-fold (RFC 3961 A.1)', () => {
  it.each([
    ['012345', 8, 'be072631276b1955'],
    ['password', 7, '78a07b6caf85fa'],
    ['Rough Consensus, and Running Code', 8, 'bb6ed30870b7f0e0'],
    ['password', 21, '59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e'],
    ['MASSACHVSETTS INSTITVTE OF TECHNOLOGY', 24, 'db3b0d8f0b061e603282b308a50841229ad798fab9540c1b'],
    ['kerberos', 8, '6b65726265726f73'],
    ['kerberos', 16, '6b65726265726f737b9b5b2b93132b93'],
  ])('%s -> %i bytes', (input, bytes, expected) => {
    expect(toHex(nfold(ascii(input), bytes))).toBe(expected);
  });
});

describe('string-to-key (RFC 3962 B)', () => {
  it('iteration count 1', () => {
    expect(toHex(stringToKey(ENCTYPE.aes128, 'password', 'ATHENA.MIT.EDUraeburn', 1).value)).toBe('42263c6e89f4fc28b8df68ee09799f15');
    expect(toHex(stringToKey(ENCTYPE.aes256, 'password', 'ATHENA.MIT.EDUraeburn', 1).value)).toBe(
      'fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161',
    );
  });
});

describe('AES-CTS (RFC 3962 B)', () => {
  const key = ascii('chicken teriyaki');
  it.each([
    ['4920776f756c64206c696b652074686520', 'c6353568f2bf8cb4d8a580362da7ff7f97'],
    ['4920776f756c64206c696b65207468652047656e6572616c20476175277320', 'fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5'],
    ['4920776f756c64206c696b65207468652047656e6572616c2047617527732043', '39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584'],
  ])('%s', (plain, cipher) => {
    expect(toHex(ctsEncrypt(key, hex(plain)))).toBe(cipher);
    expect(toHex(ctsDecrypt(key, hex(cipher)))).toBe(plain);
  });
});

describe('encrypt/decrypt', () => {
  it('round-trips with a confounder and refuses a flipped bit', () => {
    const key = stringToKey(ENCTYPE.aes256, 'secret', 'EXAMPLE.TESTalice', 2);
    for (const length of [0, 1, 15, 16, 17, 100]) {
      const plain = new Uint8Array(length).map((_, index) => index);
      const sealed = encrypt(key, 3, plain);
      expect(sealed.length).toBe(length + 16 + 12);
      expect(toHex(decrypt(key, 3, sealed))).toBe(toHex(plain));
      sealed[0]! ^= 1;
      expect(() => decrypt(key, 3, sealed)).toThrow(KerberosIntegrityError);
    }
  });
});
