/** Small recognisable inputs shared by the reassembly tests. */
import { type Fragment, encodeFragment } from '../src/fragment-header.js';

/** `length` bytes of a pattern that differs per seed, so a mix-up between messages shows. */
export const patterned = (length: number, seed = 1): Uint8Array =>
  Uint8Array.from({ length }, (_, index) => (index * 131 + seed * 17) & 0xff);

/** The bytes of one fragment: object 1, fragment 0, start and end, a 3-byte blob, unless overridden. */
export const sampleFragment = (fields: Partial<Fragment> & { blob?: Uint8Array }): Uint8Array =>
  encodeFragment({ objectId: 1, fragmentId: 0, start: true, end: true, blob: new Uint8Array([1, 2, 3]), ...fields });
