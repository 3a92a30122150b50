/**
 * `npm run test:runtimes`: the runtime contract (contract.mjs) under Node, Deno, Bun, headless Chromium and
 * Cloudflare workerd, against the built package (see test-support/runtime-matrix/run-matrix.mjs). Not part of
 * `npm test`: it needs the build and the browser.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRuntimeMatrix } from '../../../test-support/runtime-matrix/run-matrix.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, '..', 'dist');

await runRuntimeMatrix({
  title: '@psrp/fragment',
  built: [join(DIST, 'index.js'), join(DIST, 'fragment.wasm')],
  contract: join(HERE, 'contract.mjs'),
  workerd: { contract: join(HERE, 'workerd-contract.mjs'), wasm: { 'fragment.wasm': join(DIST, 'fragment.wasm') } },
});
