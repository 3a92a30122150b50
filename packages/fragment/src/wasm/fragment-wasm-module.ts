/**
 * @module Compiling and instantiating fragment.wasm. The bytes are embedded in the package as
 * base64, so Node, Deno, Bun and browsers load them from the package itself; Cloudflare workerd
 * forbids compiling bytes at run time and passes a module imported from
 * '@psrp/fragment/fragment.wasm' instead.
 */
import { decodeBase64Ts } from '../base64-ts.js';
import { WasmUnavailableError } from '../errors.js';
import { FRAGMENT_WASM_BASE64 } from '../generated/fragment-wasm.js';
import { type WasmInstance, type WasmModule, findWebAssembly } from './web-assembly.js';

/** fragment.wasm's only import: AssemblyScript's abort, reached only when its heap cannot grow. */
function abort(): never {
  throw new RangeError('fragment.wasm aborted: its memory could not grow for this input.');
}

/** The bytes of fragment.wasm. */
export function fragmentWasmBytes(): Uint8Array {
  return decodeBase64Ts(FRAGMENT_WASM_BASE64);
}

/** Compiles the embedded fragment.wasm. */
export async function compileFragmentWasm(): Promise<WasmModule> {
  const api = findWebAssembly();
  if (api === undefined) throw new WasmUnavailableError('This runtime has no WebAssembly.');
  try {
    return await api.compile(fragmentWasmBytes());
  } catch (cause) {
    throw new WasmUnavailableError('This runtime refused to compile fragment.wasm.', { cause });
  }
}

/** A new instance of a compiled fragment.wasm. */
export async function instantiateFragmentWasm(module: WasmModule): Promise<WasmInstance> {
  const api = findWebAssembly();
  if (api === undefined) throw new WasmUnavailableError('This runtime has no WebAssembly.');
  try {
    return await api.instantiate(module, { env: { abort } });
  } catch (cause) {
    throw new WasmUnavailableError('fragment.wasm could not be instantiated.', { cause });
  }
}
