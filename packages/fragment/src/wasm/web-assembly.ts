/**
 * @module The parts of the WebAssembly JS API this package uses, typed here because the ES2022
 * lib has none and the DOM lib would let browser-only APIs creep into a runtime-neutral package.
 */

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
