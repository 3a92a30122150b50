/**
 * decodePsString over a text that arrived in pieces (a long `<S>` read from UTF-8 in chunks), piece by piece, so that
 * no piece is joined to the others before decoding: V8 keeps a string over 128 KiB in memory mapped fresh for it,
 * whose first touch costs more than the decoding on a VM, while pieces of a chunk's size stay in young memory. The
 * result is the decoded pieces joined (a rope: V8 flattens it only where a caller needs it flat).
 */
import { decodePsString } from './string-escaping.js';

/** The longest escape, `_x` + 8 hex digits + `_`; a shorter window of text without `_` ends every escape before it. */
const LONGEST_ESCAPE = 11;

/**
 * Where `piece` can be cut with no escape across the cut: at `c` such that the LONGEST_ESCAPE - 1 characters before
 * it hold no `_`. An escape that starts earlier ends before `c`, none starts in that window, so decodePsString reads
 * `[0, c)` as it would read it inside the whole text. 0 when no such place exists (the whole piece waits for the next).
 */
function safeCut(piece: string): number {
  let cut = piece.length;
  while (cut > 0) {
    const underscore = piece.lastIndexOf('_', cut - 1);
    if (underscore < cut - (LONGEST_ESCAPE - 1)) return cut;
    cut = underscore;
  }
  return 0;
}

export function decodePsStringPieces(pieces: readonly string[]): string {
  let decoded = '';
  let carried = '';
  const last = pieces.length - 1;
  for (let index = 0; index < last; index++) {
    const piece = carried + (pieces[index] as string);
    const cut = safeCut(piece);
    if (cut > 0) decoded += decodePsString(cut === piece.length ? piece : piece.slice(0, cut));
    carried = cut === piece.length ? '' : piece.slice(cut);
  }
  return decoded + decodePsString(carried + (pieces[last] ?? ''));
}
