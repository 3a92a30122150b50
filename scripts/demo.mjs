#!/usr/bin/env node
// The main job: run commands on real PowerShell through @psrp/client (via the `psrp` CLI) and print the objects
// that come back. The testkit builds PowerShell 7.6.10 from NuGet's Microsoft.PowerShell.SDK into .peers/ (reused
// when present); the CLI then speaks PSRP to it over `pwsh -s`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { requirePwsh } from 'psrp-testkit';

const cli = fileURLToPath(new URL('../apps/cli/dist/cli.js', import.meta.url));

async function psrp(args, env) {
  console.log(`\n$ psrp ${args.map((arg) => (/[\s;'$]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`);
  const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  const [status] = await once(child, 'exit');
  return status;
}

const pwsh = await requirePwsh('2.4');
console.log(`PowerShell ${pwsh.version} at ${pwsh.executable}`);
const scripts = [
  "Get-Date; 1 + 1; 'hello'; [pscustomobject]@{ A = 1; B = 'x' }",
  "$PSVersionTable.PSVersion.ToString(); Write-Host 'Write-Host text'; Write-Warning 'careful'; Write-Error 'a demo error'",
  "'before'; throw 'a terminating error'",
];
const expected = [0, 1, 1];
for (const [index, script] of scripts.entries()) {
  const status = await psrp(['run', '--pwsh', pwsh.executable, script], pwsh.env);
  console.log(`(exit code ${status})`);
  if (status !== expected[index]) throw new Error(`psrp exited with ${status}, expected ${expected[index]}`);
}
