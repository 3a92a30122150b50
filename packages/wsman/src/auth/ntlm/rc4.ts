/**
 * @module auth/ntlm/rc4
 * RC4 (the stream cipher NTLM seals with, MS-NLMP 3.4.3). Written here because no maintained package
 * offers it: @noble/ciphers leaves it out, Node 20's OpenSSL 3 has it only in the legacy provider, and the
 * npm `rc4`/`arc4` packages are unmaintained. One instance is one cipher state, used for one direction.
 */
const STATE_SIZE = 256;

export class Rc4 {
  readonly #state = new Uint8Array(STATE_SIZE);
  #i = 0;
  #j = 0;

  constructor(key: Uint8Array) {
    const state = this.#state;
    for (let index = 0; index < STATE_SIZE; index += 1) state[index] = index;
    let j = 0;
    for (let index = 0; index < STATE_SIZE; index += 1) {
      j = (j + state[index]! + key[index % key.length]!) & 0xff;
      const swap = state[index]!;
      state[index] = state[j]!;
      state[j] = swap;
    }
  }

  /** Encrypts or decrypts (the same operation), advancing the cipher state. */
  update(input: Uint8Array): Uint8Array {
    const state = this.#state;
    const output = new Uint8Array(input.byteLength);
    let i = this.#i;
    let j = this.#j;
    for (let index = 0; index < input.byteLength; index += 1) {
      i = (i + 1) & 0xff;
      j = (j + state[i]!) & 0xff;
      const swap = state[i]!;
      state[i] = state[j]!;
      state[j] = swap;
      output[index] = input[index]! ^ state[(state[i]! + state[j]!) & 0xff]!;
    }
    this.#i = i;
    this.#j = j;
    return output;
  }
}

/** One-shot RC4 (the key exchange of MS-NLMP 3.1.5.1.2). */
export function rc4(key: Uint8Array, input: Uint8Array): Uint8Array {
  return new Rc4(key).update(input);
}
