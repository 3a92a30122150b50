#!/usr/bin/env node
// The main job: run a few commands on real PowerShell through @psrp/client (via the `psrp` CLI) and print the
// objects that come back. PowerShell is installed by the testkit from NuGet into .peers/; on a machine whose
// registry serves no PowerShell the demo says so and runs the same client against recorded real Windows WinRM
// traffic instead.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { blockedReason, installPwsh, recordingPath, ReplayServer } from 'psrp-testkit';

const cli = fileURLToPath(new URL('../apps/cli/dist/cli.js', import.meta.url));
const script = "Get-Date; 1 + 1; 'hello'; [pscustomobject]@{ A = 1; B = 'x' }; Write-Error 'a demo error'";

// Asynchronous on purpose: the replay server below runs in this process's event loop.
async function psrp(args, env = {}) {
  console.log(`\n$ psrp ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`);
  const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  const [status] = await once(child, 'exit');
  // Exit code 1 means the error stream was written, which the demo script does on purpose.
  if (status !== 0 && status !== 1) throw new Error(`psrp exited with ${status}`);
}

const reports = await installPwsh();
const installed = reports.filter((report) => report.installed);
for (const report of installed) {
  console.log(`\n== PowerShell ${report.installed.version} (protocol ${report.protocol}) over pwsh -s ==`);
  await psrp(['run', '--pwsh', report.installed.executable, script], report.installed.env);
}

if (installed.length < reports.length) {
  for (const report of reports.filter((each) => !each.installed)) {
    console.log(`\nNo PowerShell for protocol ${report.protocol} could be installed here:`);
    for (const attempt of report.attempts.slice(0, 3)) console.log(`  ${attempt.version}: ${attempt.answer}`);
    if (report.attempts.length > 3) console.log(`  ... and ${report.attempts.length - 3} more versions, all refused`);
  }
  for (const report of reports.filter((each) => !each.installed)) console.log(`\n${blockedReason(`pwsh-${report.protocol}`) ?? ''}`);
  console.log('\n== The same client over WSMan against a recorded Windows Server session (PowerShell 5.1, protocol 2.3) ==');
  const server = await ReplayServer.start(recordingPath('test_psrp_stream_output_invocation.yml'));
  try {
    await psrp(['run', '--wsman', server.url, '--user', 'vagrant', 'the recorded script wrote one record to every stream'], {
      PSRP_PASSWORD: 'recorded',
    });
  } finally {
    await server.close();
  }
}
