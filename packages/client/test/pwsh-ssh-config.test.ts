/**
 * ~/.ssh/config against a real OpenSSH server (the testkit's private sshd, as in pwsh-ssh.test.ts) running real pwsh:
 * the connection names only an alias, and the config file is the only place its address, port, user, key and
 * known_hosts file are written. Without the config the alias leads nowhere; through it PowerShell answers.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePwsh, startSshd, type RunningSshd } from 'psrp-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsrpArgumentError, PsrpSshConfigError, PsrpTransportError, RunspacePool } from '../src/index.js';
import { connectSsh, resolveSshTarget } from '../src/ssh.js';

const ALIAS = 'psrp-config-alias';
let sshd: RunningSshd;
let scratch = '';
let configPath = '';

beforeAll(async () => {
  sshd = await startSshd({ pwsh: await requirePwsh('2.4') });
  scratch = await mkdtemp(join(tmpdir(), 'psrp-ssh-config-'));
  const knownHosts = join(scratch, 'known_hosts');
  await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
  configPath = join(scratch, 'config');
  await writeFile(
    configPath,
    [
      `Host ${ALIAS}`,
      `  HostName ${sshd.host}`,
      `  Port ${sshd.port}`,
      `  User ${sshd.user}`,
      `  IdentityFile ${sshd.clientKeyPath}`,
      `  UserKnownHostsFile ${knownHosts}`,
      '  IdentitiesOnly yes',
      `Host ${ALIAS}-jump`,
      '  ProxyJump bastion.example',
      'Host *',
      // Only the first User obtained counts: this one must not replace the alias's.
      '  User nobody-at-all',
    ].join('\n'),
    { mode: 0o600 },
  );
});

afterAll(async () => {
  await sshd?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe(`~/.ssh/config over SSH to real pwsh`, () => {
  it('resolves the alias as ssh -G would', async () => {
    const target = await resolveSshTarget({ host: ALIAS, configPath });
    expect(target).toMatchObject({ host: sshd.host, port: sshd.port, username: sshd.user, identityFiles: [sshd.clientKeyPath], agent: null, hostKey: 'strict' });
  });

  it('opens a pool through the alias alone: HostName, Port, User, IdentityFile and UserKnownHostsFile from the config', async () => {
    const pool = await RunspacePool.open(connectSsh({ host: ALIAS, configPath }));
    try {
      expect(await pool.createPowerShell().addScript('[Environment]::UserName; 6 * 7').invoke()).toEqual([sshd.user, 42]);
    } finally {
      await pool.close();
    }
  });

  it('cannot reach the alias without the config, even with the right key and known_hosts', async () => {
    const privateKey = await readFile(sshd.clientKeyPath);
    const knownHostsPath = join(scratch, 'known_hosts');
    const error = await RunspacePool.open(connectSsh({ host: ALIAS, configPath: false, username: sshd.user, privateKey, knownHostsPath })).then(
      () => new Error('expected a failure'),
      (caught: unknown) => caught,
    );
    // The alias is no host name: the TCP connection cannot even start.
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).message).toMatch(new RegExp(`Cannot connect to the SSH server ${ALIAS}`));
    await expect(resolveSshTarget({ host: ALIAS, configPath: false })).rejects.toBeInstanceOf(PsrpArgumentError);
  });

  it('refuses an alias whose block asks for ProxyJump with PsrpSshConfigError, before connecting', async () => {
    const error = await RunspacePool.open(connectSsh({ host: `${ALIAS}-jump`, configPath, password: sshd.password })).then(
      () => new Error('expected a failure'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PsrpSshConfigError);
    expect(error).toMatchObject({ code: 'PSRP_ERR_SSH_CONFIG', keyword: 'proxyjump', file: configPath, line: 9 });
  });
});
