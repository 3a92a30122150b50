/**
 * Everything in @psrp/client but the Node-only connections (process, SSH, pipe) must run on every runtime: no source
 * file outside transport/{process,ssh,pipe} and their entry files imports node:*, and the main entry bundles for the
 * browser platform.
 */
import { join } from 'node:path';
import { describeRuntimeNeutrality } from '../../../test-support/runtime-neutrality.js';

describeRuntimeNeutrality({
  source: join(import.meta.dirname, '..', 'src'),
  minimumFiles: 20,
  nodeOnly: [/^transport\/(process|ssh|pipe)\//, /^(process|ssh|pipe)\.ts$/],
  bundle: { entry: 'index.ts', marker: /RunspacePool = class/ },
});
