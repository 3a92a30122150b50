/**
 * The contract inside Cloudflare workerd, which forbids compiling wasm bytes at run time: the
 * wasm comes in as a module import, exactly as the README tells workerd users to do.
 */
import fragmentWasm from 'fragment.wasm';
import * as fragment from '../dist/index.js';
import { runContract } from './contract.mjs';

export default {
  async test() {
    const refused = await runContract(fragment, { compiles: false });
    const precompiled = await runContract(fragment, { module: fragmentWasm });
    const report = { passed: refused.passed + precompiled.passed, failed: refused.failed + precompiled.failed, failures: [...refused.failures, ...precompiled.failures], auto: precompiled.auto };
    console.log(`RESULT ${JSON.stringify(report)}`);
    if (report.failed > 0) throw new Error(`${report.failed} runtime contract checks failed`);
  },
};
