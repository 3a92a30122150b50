/**
 * @module PowerShell's `_xHHHH_` escapes of ASCII characters undone in UTF-8 bytes, in place, by ps-unescape.wasm
 * (assembly/ says how): the CR/LF/tab escapes of a long string, which @psrp/clixml unescapes as bytes. Three to four
 * times the TypeScript loop it stands in for (16 MiB of 78-character lines with an escaped CRLF: about 3 GB/s
 * against 0.7-1.2), as its copying goes 16 bytes at a time between escapes. Undefined where the runtime cannot run
 * the module; the caller then takes its own way.
 */
import { PS_UNESCAPE_WASM_BASE64 } from '../generated/ps-unescape-wasm.js';
import { type GrowableWasmMemory, instantiateSmallModuleSync } from './web-assembly.js';

/** Room past a piece's output that a 16-byte store may touch (as the module reserves it). */
const OUTPUT_SLACK = 16;

interface PsUnescapeExports {
  readonly memory: GrowableWasmMemory;
  inputStart(): number;
  outputStart(): number;
  pieceBytes(): number;
  unescapePiece(length: number, last: number): number;
  producedBytes(): number;
  stoppedAtEscape(): number;
}

interface Unescaper {
  readonly input: Uint8Array;
  readonly output: Uint8Array;
  readonly exports: PsUnescapeExports;
}

/** How far an unescape in place went: the bytes written, and where it stopped (-1: at the end). */
export interface PsUnescaped {
  readonly written: number;
  readonly stoppedAt: number;
}

function instantiate(): Unescaper | null {
  const exports = instantiateSmallModuleSync<PsUnescapeExports>(
    PS_UNESCAPE_WASM_BASE64,
    (module) => module.outputStart() + module.pieceBytes() + OUTPUT_SLACK,
  );
  if (exports === null) return null;
  const piece = exports.pieceBytes();
  return {
    input: new Uint8Array(exports.memory.buffer, exports.inputStart(), piece),
    output: new Uint8Array(exports.memory.buffer, exports.outputStart(), piece + OUTPUT_SLACK),
    exports,
  };
}

/** undefined until first asked; null where the runtime would not compile or instantiate the module. */
let unescaper: Unescaper | null | undefined;

/**
 * Undoes the `_xHHHH_` escapes of ASCII characters (either case of hex digits and of `x`) in `bytes`, in place, from
 * `first` (where the first `_` is; bytes before it stay), up to the end or to the first escape it leaves: one of a
 * character beyond ASCII, or `_x` with 8 hex digits and `_`; bytes from there on are untouched. A `_` that starts no
 * escape stays. `bytes` must be exactly the text: an escape cut by its end is not one. Undefined where the runtime
 * cannot run the module.
 */
export function unescapePsAsciiInPlace(bytes: Uint8Array, first: number): PsUnescaped | undefined {
  if (unescaper === undefined) unescaper = instantiate();
  if (unescaper === null) return undefined;
  const { input, output, exports } = unescaper;
  const length = bytes.length;
  let out = first;
  let from = first;
  while (from < length) {
    const pieceLength = Math.min(input.length, length - from);
    input.set(bytes.subarray(from, from + pieceLength));
    // Taken is all of the piece, or less when an escape is cut by its end (the next piece starts with it).
    const taken = exports.unescapePiece(pieceLength, from + pieceLength === length ? 1 : 0);
    const produced = exports.producedBytes();
    bytes.set(output.subarray(0, produced), out);
    out += produced;
    from += taken;
    if (exports.stoppedAtEscape() !== 0) return { written: out, stoppedAt: from };
  }
  return { written: out, stoppedAt: -1 };
}
