/**
 * @module Choosing an engine. 'auto' applies what bench/ measured (engine-defaults.ts): fragment
 * writing and reassembly in TS, base64 in the runtime's own codec where there is one, else wasm,
 * else TS.
 */
import type { Base64Path, FragmentEngine, FragmentPath } from './engine.js';
import { BASE64_PATH_PREFERENCE, FRAGMENT_PATH_PREFERENCE } from './engine-defaults.js';
import { InvalidArgumentError } from './errors.js';
import { findNativeBase64 } from './runtime-native.js';
import { tsBase64Codec, tsEngine, withBase64 } from './ts-engine.js';
import { compileFragmentWasm, instantiateFragmentWasm } from './wasm/fragment-wasm-module.js';
import { createWasmEngine } from './wasm/wasm-engine.js';
import type { WasmModule } from './wasm/web-assembly.js';

export interface LoadFragmentEngineOptions {
  /**
   * Where fragment writing, reassembly and the message header codec run. 'auto' (default): the
   * measured default, falling
   * back to TS if wasm is unavailable. 'wasm' throws WasmUnavailableError where it cannot load.
   */
  path?: 'auto' | FragmentPath;
  /**
   * Where base64 runs. 'auto' (default): the fastest measured codec this runtime has. A named
   * codec the runtime lacks throws (InvalidArgumentError, or WasmUnavailableError for 'wasm').
   */
  base64?: 'auto' | Base64Path;
  /**
   * A compiled fragment.wasm (a WebAssembly.Module), for runtimes that forbid compiling bytes at
   * run time (Cloudflare workerd: `import module from '@psrp/fragment/fragment.wasm'`).
   */
  module?: WasmModule;
}

/** The engine whose every operation runs in wasm. */
export async function loadWasmEngine(module?: WasmModule): Promise<FragmentEngine> {
  return createWasmEngine(await instantiateFragmentWasm(module ?? (await compileFragmentWasm())));
}

/**
 * An engine for Fragmenter, Defragmenter and base64.
 * @example
 * const engine = await loadFragmentEngine();
 * const defragmenter = new Defragmenter({ engine });
 * defragmenter.push(engine.decodeBase64(streamText));
 */
export async function loadFragmentEngine(options: LoadFragmentEngineOptions = {}): Promise<FragmentEngine> {
  let wasm: Promise<FragmentEngine> | undefined;
  const loadWasm = () => (wasm ??= loadWasmEngine(options.module));
  const optionalWasm = () => loadWasm().catch(() => undefined);

  let fragmentEngine: FragmentEngine = tsEngine;
  const path = options.path ?? 'auto';
  if (path === 'wasm') fragmentEngine = await loadWasm();
  else if (path === 'auto' && FRAGMENT_PATH_PREFERENCE[0] === 'wasm') fragmentEngine = (await optionalWasm()) ?? tsEngine;

  const base64 = options.base64 ?? 'auto';
  const candidates = base64 === 'auto' ? BASE64_PATH_PREFERENCE : [base64];
  for (const candidate of candidates) {
    if (candidate === 'ts') return withBase64(fragmentEngine, 'ts', tsBase64Codec);
    if (candidate === 'wasm') {
      const engine = base64 === 'wasm' ? await loadWasm() : await optionalWasm();
      if (engine !== undefined) return withBase64(fragmentEngine, 'wasm', { encode: engine.encodeBase64, decode: engine.decodeBase64 });
      continue;
    }
    const codec = findNativeBase64(candidate);
    if (codec !== undefined) return withBase64(fragmentEngine, candidate, codec);
  }
  throw new InvalidArgumentError('base64', `a codec this runtime has (${base64} is missing)`);
}
