/** Every distinct engine the package offers here, for suites that must hold on every path. */
import { loadFragmentEngine, loadWasmEngine, syncEngine, tsEngine } from '../src/index.js';
import type { FragmentEngine } from '../src/index.js';

export async function engines(): Promise<FragmentEngine[]> {
  const candidates = [tsEngine, syncEngine, await loadWasmEngine(), await loadFragmentEngine(), await loadFragmentEngine({ base64: 'wasm' })];
  const seen = new Set<string>();
  return candidates.filter((engine) => {
    const key = `${engine.path} ${engine.base64Path}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
