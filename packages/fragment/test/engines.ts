/** Every engine the package offers, for suites that must hold on every path. */
import { loadFragmentEngine, loadWasmEngine, syncEngine, tsEngine } from '../src/index.js';
import type { FragmentEngine } from '../src/index.js';

export async function engines(): Promise<FragmentEngine[]> {
  const wasm = await loadWasmEngine();
  const auto = await loadFragmentEngine();
  return [tsEngine, syncEngine, wasm, auto].filter((engine, index, all) => all.indexOf(engine) === index);
}
