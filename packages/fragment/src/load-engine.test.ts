import { afterEach, describe, expect, it, vi } from 'vitest';
import { Defragmenter } from './defragmenter.js';
import { InvalidArgumentError, WasmUnavailableError } from './errors.js';
import { Fragmenter } from './fragmenter.js';
import { loadFragmentEngine, loadWasmEngine } from './load-engine.js';
import { compileFragmentWasm, fragmentWasmBytes } from './wasm/fragment-wasm-module.js';

describe('loadFragmentEngine', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("'auto' on Node: TS fragmenting, Buffer base64 (as bench/ measured)", async () => {
    const engine = await loadFragmentEngine();
    expect([engine.path, engine.base64Path]).toEqual(['ts', 'buffer']);
  });

  it('loads every explicit combination this runtime has', async () => {
    expect((await loadFragmentEngine({ path: 'wasm' })).path).toBe('wasm');
    expect((await loadFragmentEngine({ path: 'ts', base64: 'ts' })).base64Path).toBe('ts');
    const mixed = await loadFragmentEngine({ path: 'ts', base64: 'wasm' });
    expect([mixed.path, mixed.base64Path]).toEqual(['ts', 'wasm']);
    expect(mixed.decodeBase64(mixed.encodeBase64(new Uint8Array([1, 2, 3])))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses a native codec the runtime lacks', async () => {
    vi.stubGlobal('Buffer', undefined);
    // Node 20 has no Uint8Array.fromBase64 either; the module-level sync engine was chosen before the stub.
    await expect(loadFragmentEngine({ base64: 'buffer' })).rejects.toThrow(InvalidArgumentError);
    await expect(loadFragmentEngine({ base64: 'uint8array' })).rejects.toThrow(InvalidArgumentError);
    // 'auto' then falls through to wasm.
    expect((await loadFragmentEngine()).base64Path).toBe('wasm');
  });

  it('uses a precompiled module, as workerd must', async () => {
    const module = await compileFragmentWasm();
    const engine = await loadWasmEngine(module);
    const packed = new Fragmenter({ maxFragmentBytes: 30, engine }).fragmentPacked(new Uint8Array(100).fill(7));
    expect(new Defragmenter({ engine }).push(packed)).toEqual([new Uint8Array(100).fill(7)]);
  });

  it('reports a runtime without WebAssembly, and falls back to TS on auto', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.stubGlobal('Buffer', undefined);
    await expect(loadWasmEngine()).rejects.toThrow(WasmUnavailableError);
    await expect(loadFragmentEngine({ path: 'wasm' })).rejects.toThrow(WasmUnavailableError);
    await expect(loadFragmentEngine({ base64: 'wasm' })).rejects.toThrow(WasmUnavailableError);
    const fallback = await loadFragmentEngine();
    expect([fallback.path, fallback.base64Path]).toEqual(['ts', 'ts']);
  });

  it('reports a runtime that refuses to compile wasm bytes (as workerd does), with the cause', async () => {
    const refusal = new Error('Wasm code generation disallowed by embedder');
    const { WebAssembly: real } = globalThis as unknown as { WebAssembly: object };
    vi.stubGlobal('WebAssembly', { ...real, compile: () => Promise.reject(refusal) });
    await expect(loadWasmEngine()).rejects.toThrow(expect.objectContaining({ code: 'FRAGMENT_ERR_WASM_UNAVAILABLE', cause: refusal }));
  });

  it('embeds a valid wasm binary', () => {
    const bytes = fragmentWasmBytes();
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);
  });
});
