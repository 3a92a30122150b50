/** Bundled by run.mjs into one script for headless Chromium; exposes FragmentBench.run(). */
import * as fragment from '../../packages/fragment/dist/index.js';
import { runSuite } from './suite.mjs';

export async function run(sizes) {
  const version = /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown';
  const result = await runSuite(fragment, { sizes });
  return { runtime: { name: 'chromium', version, engine: 'V8' }, result };
}
