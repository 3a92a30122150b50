/**
 * @module Choosing an engine. 'auto' applies what bench/ measured on each runtime (see README):
 * fragment writing and reassembly in TS, where a copy is `Uint8Array.prototype.set`; base64 in
 * the runtime's own codec where there is one, else in wasm, else in TS.
 */
import type { FragmentEngine } from './engine.js';
import { findNativeBase64 } from './native-base64.js';
import { syncEngine, tsEngine } from './ts-engine.js';
import { compileFragmentWasm, instantiateFragmentWasm } from './wasm/fragment-wasm-module.js';
import { createWasmEngine } from './wasm/wasm-engine.js';
import type { WasmModule } from './wasm/web-assembly.js';

/** Which implementation to load. */
export type EngineChoice = 'auto' | 'wasm' | 'ts';

export interface LoadFragmentEngineOptions {
  /**
   * 'auto' (default): the fastest measured combination for this runtime, falling back to TS if
   * wasm is unavailable. 'wasm': every operation in wasm, or WasmUnavailableError. 'ts': no wasm.
   */
  path?: EngineChoice;
  /**
   * A compiled fragment.wasm (a WebAssembly.Module), for runtimes that forbid compiling bytes at run time (Cloudflare
   * workerd: `import module from '@psrp/fragment/fragment.wasm'`).
   */
  module?: WasmModule;
}

/** The engine whose every operation runs in wasm. */
export async function loadWasmEngine(module?: WasmModule): Promise<FragmentEngine> {
  return createWasmEngine(await instantiateFragmentWasm(module ?? (await compileFragmentWasm())));
}

/**
 * An engine for Fragmenter, Defragmenter and base64, chosen by path.
 * @example
 * const engine = await loadFragmentEngine();
 * const defragmenter = new Defragmenter({ engine });
 * defragmenter.push(engine.decodeBase64(streamText));
 */
export async function loadFragmentEngine(options: LoadFragmentEngineOptions = {}): Promise<FragmentEngine> {
  const path = options.path ?? 'auto';
  if (path === 'ts') return syncEngine;
  if (path === 'wasm') return loadWasmEngine(options.module);
  if (findNativeBase64() !== undefined) return syncEngine;
  let wasm: FragmentEngine;
  try {
    wasm = await loadWasmEngine(options.module);
  } catch {
    return tsEngine;
  }
  return Object.freeze({ ...tsEngine, base64Path: 'wasm', encodeBase64: wasm.encodeBase64, decodeBase64: wasm.decodeBase64 });
}
