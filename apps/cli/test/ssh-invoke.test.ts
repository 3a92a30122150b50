/**
 * `psrp invoke` and `psrp enter`'s target grammar over SSH, against a private OpenSSH server whose `powershell`
 * subsystem runs real pwsh 7.6 (the testkit's sshd, user psrptest): a key from --identity, the password from
 * PSRP_PASSWORD, a host key that is not the one known_hosts holds, and a `Host` alias of ~/.ssh/config.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePwsh, startSshd, type RunningSshd } from 'psrp-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

let sshd: RunningSshd;
let scratch: string;
let knownHosts: string;
let env: Record<string, string>;

beforeAll(async () => {
  const pwsh = await requirePwsh();
  sshd = await startSshd({ pwsh });
  scratch = await mkdtemp(join(tmpdir(), 'psrp-cli-ssh-'));
  knownHosts = join(scratch, 'known_hosts');
  await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
  // No agent: the key or the password given is what is tried.
  env = { NO_COLOR: '1', SSH_AUTH_SOCK: '', PSRP_PASSWORD: '' };
});

afterAll(async () => {
  await sshd?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('psrp invoke over SSH', () => {
  it('logs on with a key and with a password, and tags the output with the target names', async () => {
    const byKey = `key=ssh://${sshd.user}@${sshd.host}:${sshd.port}`;
    const result = await runCli(['invoke', '-H', byKey, '-i', sshd.clientKeyPath, '--known-hosts', knownHosts, '--ndjson', '[Environment]::UserName'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ PSComputerName: 'key', Value: sshd.user });

    const byPassword = await runCli(
      ['invoke', '--ssh', '-H', `pw=${sshd.host}`, '-p', String(sshd.port), '-u', sshd.user, '--known-hosts', knownHosts, '--ndjson', '1 + 1'],
      { env: { ...env, PSRP_PASSWORD: sshd.password } },
    );
    expect(byPassword.stderr).toBe('');
    expect(byPassword.stdout).toBe('{"PSComputerName":"pw","Value":2}\n');
    expect(byPassword.stdout + byPassword.stderr).not.toContain(sshd.password);
  });

  it('reaches ssh://ALIAS through ~/.ssh/config alone: HostName, Port, User and IdentityFile, no password asked', async () => {
    const home = join(scratch, 'home');
    await mkdir(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    const config = ['Host lab', `  HostName ${sshd.host}`, `  Port ${sshd.port}`, `  User ${sshd.user}`, `  IdentityFile ${sshd.clientKeyPath}`, `  UserKnownHostsFile ${knownHosts}`];
    await writeFile(join(home, '.ssh', 'config'), `${config.join('\n')}\n`, { mode: 0o600 });
    const result = await runCli(['invoke', '-H', 'ssh://lab', '--ndjson', '[Environment]::UserName'], { env: { ...env, HOME: home } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ PSComputerName: 'lab', Value: sshd.user });
  });

  it('refuses a host whose key is not the one known_hosts holds: one line, exit 3', async () => {
    const wrong = join(scratch, 'wrong_known_hosts');
    await writeFile(wrong, `[${sshd.host}]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    const result = await runCli(['invoke', '--ssh', '-H', `${sshd.user}@${sshd.host}:${sshd.port}`, '-i', sshd.clientKeyPath, '--known-hosts', wrong, '1'], { env });
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^could not connect: .*SHA256:.*\[PSRP_ERR_HOST_KEY\]\n$/);
  });
});
