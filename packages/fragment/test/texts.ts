/** Base64 texts of a fragment stream as transports may deliver them, for tests of Base64Defragmenter. */
import { tsEngine } from '../src/index.js';

const TRIPLE_BYTES = 3;

/**
 * Encodes `bytes` as several base64 texts, cut where `fractions` point (rounded down to a multiple
 * of 3 bytes, so that only the last text ends in padding, as when a stream's base64 is split).
 */
export function textsAt(bytes: Uint8Array, fractions: readonly number[]): string[] {
  const points = fractions.map((fraction) => Math.floor((fraction * bytes.length) / TRIPLE_BYTES) * TRIPLE_BYTES);
  const cuts = [...new Set([0, ...points, bytes.length])].sort((left, right) => left - right);
  return cuts.slice(1).map((end, index) => tsEngine.encodeBase64(bytes.subarray(cuts[index]!, end)));
}

/** One text per piece: each piece encoded on its own, padding and all (one `<Data>` line per fragment). */
export function textsOf(pieces: readonly Uint8Array[]): string[] {
  return pieces.map((piece) => tsEngine.encodeBase64(piece));
}
