/** Every engine the package offers, for suites that must hold on every path. */
import { syncEngine, tsEngine } from '../src/index.js';
import type { FragmentEngine } from '../src/index.js';

export async function engines(): Promise<FragmentEngine[]> {
  return [tsEngine, syncEngine];
}
