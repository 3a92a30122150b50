/**
 * @psrp/fragment is runtime-neutral: nothing in src/ (tests aside) imports node:*, a Node built-in or any package,
 * and Buffer is reached only through the one adapter, runtime-native.ts. The bundle for browsers and workerd is
 * exercised for real by `npm run test:runtimes`.
 */
import { join } from 'node:path';
import { describeRuntimeNeutrality } from '../../../test-support/runtime-neutrality.js';

describeRuntimeNeutrality({
  source: join(import.meta.dirname, '..', 'src'),
  minimumFiles: 20,
  packages: [],
  nodeGlobalsIn: ['runtime-native.ts'],
});
