/**
 * @module The parts of the WebAssembly JS API this package uses, typed here because the ES2022
 * lib has none and the DOM lib would let browser-only APIs creep into a runtime-neutral package.
 */
import { decodeBase64Ts } from '../base64-ts.js';

/** A compiled WebAssembly.Module (opaque here). */
export type WasmModule = object;

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstance {
  readonly exports: object;
}

interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: Record<string, Record<string, unknown>>): Promise<WasmInstance>;
}

/** The runtime's WebAssembly object, or undefined where there is none. */
export function findWebAssembly(): WebAssemblyApi | undefined {
  const api = (globalThis as { WebAssembly?: Partial<WebAssemblyApi> }).WebAssembly;
  return typeof api?.compile === 'function' && typeof api.instantiate === 'function' ? (api as WebAssemblyApi) : undefined;
}

interface WebAssemblySyncApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
}

/** The runtime's synchronous WebAssembly constructors, or undefined where there are none. */
export function findWebAssemblySync(): WebAssemblySyncApi | undefined {
  const api = (globalThis as { WebAssembly?: Partial<WebAssemblySyncApi> }).WebAssembly;
  return typeof api?.Module === 'function' && typeof api.Instance === 'function' ? (api as WebAssemblySyncApi) : undefined;
}

/** A module's memory that the glue may grow. */
export interface GrowableWasmMemory extends WasmMemory {
  grow(pages: number): number;
}

const WASM_PAGE_BYTES = 64 * 1024;

/**
 * A small module (a few hundred bytes, base64) compiled and instantiated synchronously on first use, its memory grown
 * to at least `bytesNeeded(exports)` once, so that views of it stay valid; null where the runtime refuses (Cloudflare
 * workerd compiles no bytes at run time), and the caller takes its TypeScript way.
 */
export function instantiateSmallModuleSync<Exports extends { readonly memory: GrowableWasmMemory }>(
  base64: string,
  bytesNeeded: (exports: Exports) => number,
): Exports | null {
  const api = findWebAssemblySync();
  if (api === undefined) return null;
  try {
    const exports = new api.Instance(new api.Module(decodeBase64Ts(base64)), {}).exports as Exports;
    const missing = bytesNeeded(exports) - exports.memory.buffer.byteLength;
    if (missing > 0) exports.memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
    return exports;
  } catch {
    return null;
  }
}
