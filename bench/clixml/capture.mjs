/**
 * Captures real pwsh 7.6 output for the clixml bench into bench/clixml/.captured/ (ignored by git; made once per
 * machine, reused while present): Export-Clixml of Get-Process | Select-Object -First 200, of Get-ChildItem -Recurse
 * of a large tree (node_modules, first 5,000 items), of 10,000 PSCustomObjects, and of a 10 MB string.
 *
 *   node bench/clixml/capture.mjs [--force]
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const CAPTURED = join(here, '.captured');
const repository = join(here, '..', '..');

export const CAPTURES = {
  'get-process-200': 'Get-Process | Select-Object -First 200',
  'get-childitem-recurse-5000': `Get-ChildItem -Recurse -LiteralPath '${join(repository, 'node_modules')}' -ErrorAction SilentlyContinue | Select-Object -First 5000`,
  'pscustomobject-10000':
    "1..10000 | ForEach-Object { [pscustomobject]@{ Id = $_; Name = \"item $_\"; Ratio = $_ / 7; When = [datetime]::new(2024, 1, 1).AddSeconds($_); Tags = @('a', 'b'); Enabled = ($_ % 2 -eq 0) } }",
  'string-10mb': "'x' * 10000000",
};

async function findPwsh() {
  const { peersDirectory, requirePwsh } = await import('psrp-testkit');
  const built = join(peersDirectory(), 'pwsh', '7.6.10', 'bin', 'pwsh');
  return existsSync(built) ? built : (await requirePwsh('2.4')).executable;
}

/** The path of each capture, made first where missing (or with force). */
export async function captured(force = false) {
  mkdirSync(CAPTURED, { recursive: true });
  const paths = Object.fromEntries(Object.keys(CAPTURES).map((name) => [name, join(CAPTURED, `${name}.xml`)]));
  const missing = Object.keys(CAPTURES).filter((name) => force || !existsSync(paths[name]));
  if (missing.length > 0) {
    const pwsh = await findPwsh();
    const script = missing.map((name) => `${CAPTURES[name]} | Export-Clixml -LiteralPath '${paths[name]}' -Encoding utf8NoBOM`).join('; ');
    await promisify(execFile)(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', TERM: 'dumb' },
      maxBuffer: 1 << 26,
      timeout: 600_000,
    });
  }
  return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = await captured(process.argv.includes('--force'));
  for (const [name, path] of Object.entries(paths)) console.log(`${name}: ${(statSync(path).size / 1e6).toFixed(1)} MB`);
}
