/**
 * The contract inside Cloudflare workerd, which forbids compiling wasm bytes at run time: once as it comes (the
 * embedded bytes must be refused with a typed error), once with the wasm as a module import, exactly as the README
 * tells workerd users to do (run.mjs hands the package's dist/fragment.wasm to workerd as that module).
 */
import fragmentWasm from 'fragment.wasm';
import { runChecks } from './contract.mjs';

export async function run() {
  const refused = await runChecks({ compiles: false });
  const precompiled = await runChecks({ module: fragmentWasm });
  return {
    passed: refused.passed + precompiled.passed,
    failed: refused.failed + precompiled.failed,
    failures: [...refused.failures, ...precompiled.failures],
    note: `auto engine ${precompiled.auto}`,
  };
}
