/** `npm run test:runtimes`: contract.mjs on Node, Deno, Bun, headless Chromium and workerd (test-support/runtime-matrix/). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRuntimeMatrix } from '../../../test-support/runtime-matrix/run-matrix.mjs';
import { serveRecordings } from '../../../test-support/runtime-matrix/serve-recordings.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

await runRuntimeMatrix({
  title: '@psrp/wsman',
  built: [join(HERE, '..', 'dist', 'index.js')],
  contract: join(HERE, 'contract.mjs'),
  serve: serveRecordings({ winrs: 'test_winrs_standard.yml' }),
});
