/**
 * psrpcore (Python) beside the clixml benches, in the same run: its source is taken from
 * ../shared/peers-src/psrpcore/src (or --psrpcore=DIR; ../shared/peers-src/README.md says where it comes from) and
 * never kept in this repository. A bench starts one of its Python scripts once and asks it for one measurement at a
 * time (a line naming a file in the bench's temporary folder in, a JSON line out), between its own cases.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const option = process.argv.find((arg) => arg.startsWith('--psrpcore='))?.slice('--psrpcore='.length);
export const PSRPCORE_SOURCE = resolve(option ?? join(here, '..', '..', '..', 'shared', 'peers-src', 'psrpcore', 'src'));

/**
 * Starts `script` (beside this file) with the temporary folder first and then `args`, or returns null when psrpcore's
 * source is not there. `measure(name, content)` writes the file, asks for it and gives the parsed answer.
 */
export function startPsrpcore(script, args) {
  if (!existsSync(join(PSRPCORE_SOURCE, 'psrpcore', '__init__.py'))) return null;
  const folder = mkdtempSync(join(tmpdir(), 'psrpcore-bench-'));
  const child = spawn('python3', [join(here, script), folder, ...args], {
    env: { ...process.env, PYTHONPATH: PSRPCORE_SOURCE },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    python: execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim(),
    write(name, content) {
      writeFileSync(join(folder, name), content);
    },
    async measure(name, content) {
      writeFileSync(join(folder, name), content);
      child.stdin.write(`${name}\n`);
      const { value, done } = await lines.next();
      rmSync(join(folder, name));
      if (done) throw new Error(`${script} ended early`);
      return JSON.parse(value);
    },
    close() {
      child.stdin.end();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
