/**
 * @psrp/wsman's fetch path must run on every runtime: no source file imports node:* or uses a Node global, and it
 * bundles for the browser platform with no Node built-in.
 */
import { join } from 'node:path';
import { describeRuntimeNeutrality } from '../../../test-support/runtime-neutrality.js';

describeRuntimeNeutrality({
  source: join(import.meta.dirname, '..', 'src'),
  minimumFiles: 10,
  // The undici engine and Kerberos' way to the KDC and the credential cache: behind @psrp/wsman/undici only.
  nodeOnly: [/^undici\.ts$/, /^http\/undici-engine\.ts$/, /^auth\/kerberos\/node-kerberos-platform\.ts$/],
  nodeGlobalsIn: [],
  bundle: { entry: 'index.ts', marker: /WSManClient = class/ },
});
