/**
 * @module The search of UTF-8 bytes for characters XML 1.0 forbids, in forbidden-xml-bytes.wasm (assembly/ says what it
 * finds and why that is exact for text a WHATWG TextDecoder makes). The module is a few hundred bytes, compiled and
 * instantiated synchronously on first use; where a runtime refuses (Cloudflare workerd compiles no bytes at run time)
 * the answer is undefined and the caller checks the text instead.
 */
import { FORBIDDEN_XML_BYTES_WASM_BASE64 } from '../generated/forbidden-xml-bytes-wasm.js';
import { type GrowableWasmMemory, instantiateSmallModuleSync } from './web-assembly.js';

/** Bytes copied in and searched at a time: they stay in the cache between the copy and the search. */
const PIECE_BYTES = 32 * 1024;
/** Bytes past a piece copied with it: the rest of a three-byte sequence that starts in its last two bytes. */
const SEQUENCE_TAIL = 2;

interface ForbiddenXmlBytesExports {
  readonly memory: GrowableWasmMemory;
  chunkStart(): number;
  findForbidden(length: number, available: number): number;
}

interface Search {
  readonly chunk: Uint8Array;
  readonly find: (length: number, available: number) => number;
}

function instantiate(): Search | null {
  const exports = instantiateSmallModuleSync<ForbiddenXmlBytesExports>(FORBIDDEN_XML_BYTES_WASM_BASE64, (module) => module.chunkStart() + PIECE_BYTES + SEQUENCE_TAIL);
  if (exports === null) return null;
  return { chunk: new Uint8Array(exports.memory.buffer, exports.chunkStart(), PIECE_BYTES + SEQUENCE_TAIL), find: exports.findForbidden };
}

/** undefined until first asked; null where the runtime would not compile or instantiate the module. */
let search: Search | null | undefined;

/**
 * The offset of the first byte of `bytes` that starts a character XML 1.0 forbids in `new TextDecoder().decode(bytes)`
 * (a C0 control other than tab, LF and CR; U+FFFE; U+FFFF), or -1 when the text holds none; undefined where the
 * runtime cannot run the wasm search. Lone surrogates need no search: the decoder makes U+FFFD of them.
 */
export function findForbiddenXmlByte(bytes: Uint8Array): number | undefined {
  if (search === undefined) search = instantiate();
  if (search === null) return undefined;
  const { chunk, find } = search;
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
    const length = Math.min(PIECE_BYTES, bytes.length - start);
    const available = Math.min(length + SEQUENCE_TAIL, bytes.length - start);
    chunk.set(start === 0 && available === bytes.length ? bytes : bytes.subarray(start, start + available));
    const found = find(length, available);
    if (found >= 0) return start + found;
  }
  return -1;
}
