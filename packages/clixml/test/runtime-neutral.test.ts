/**
 * @psrp/clixml runs on every runtime (Node, Deno, Bun, workerd, browsers): its source imports nothing but its own
 * files and the runtime-neutral @psrp/fragment (for base64), uses no Node global, and bundles for the browser.
 */
import { join } from 'node:path';
import { describeRuntimeNeutrality } from '../../../test-support/runtime-neutrality.js';

describeRuntimeNeutrality({
  source: join(import.meta.dirname, '..', 'src'),
  // @psrp/clixml/node: files by path.
  nodeOnly: [/^node\.ts$/],
  minimumFiles: 15,
  packages: ['@psrp/fragment'],
  nodeGlobalsIn: [],
  bundle: { entry: 'index.ts', marker: /function deserialize\(/ },
});
