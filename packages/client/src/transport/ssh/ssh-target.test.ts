import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsrpArgumentError, PsrpSshConfigError } from '../../errors.js';
import { resolveSshTarget, type LocalSide } from './ssh-target.js';

let home = '';
let local: LocalSide;
let configPath = '';
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'psrp-ssh-target-'));
  await mkdir(join(home, '.ssh', 'keys'), { recursive: true, mode: 0o700 });
  for (const key of ['id_ed25519', 'keys/web-alice', 'keys/db']) await writeFile(join(home, '.ssh', key), 'not read here', { mode: 0o600 });
  local = { home, localUser: 'me', uid: '1000', localHost: 'box', env: { SSH_AUTH_SOCK: '/run/agent.sock' } };
  configPath = join(home, '.ssh', 'config');
  await writeFile(
    configPath,
    [
      'Host web',
      '  HostName 10.0.0.5',
      '  Port 2222',
      '  User alice',
      '  IdentityFile %d/.ssh/keys/%n-%r',
      '  IdentityFile ~/.ssh/keys/missing',
      '  UserKnownHostsFile ~/.ssh/known_hosts.%h',
      '  StrictHostKeyChecking no',
      '  ConnectTimeout 7',
      'Host db',
      '  IdentityFile ~/.ssh/keys/db',
      '  IdentitiesOnly yes',
      'Host lab-*',
      '  HostName %h.lab.example',
      '  StrictHostKeyChecking accept-new',
      '  IdentityAgent none',
    ].join('\n'),
    { mode: 0o600 },
  );
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('resolveSshTarget', () => {
  it("takes HostName, Port, User, IdentityFile (tokens expanded, missing files skipped), known_hosts and timeouts from the alias's block", async () => {
    const target = await resolveSshTarget({ host: 'web' }, local);
    expect(target).toEqual({
      originalHost: 'web',
      host: '10.0.0.5',
      port: 2222,
      username: 'alice',
      identityFiles: [join(home, '.ssh', 'keys', 'web-alice')],
      agent: '/run/agent.sock',
      hostKey: 'accept-new',
      knownHostsPath: join(home, '.ssh', 'known_hosts.10.0.0.5'),
      readyTimeoutMs: 7000,
      configFiles: [configPath],
    });
  });

  it('lets every explicit option win over the config', async () => {
    const check = () => true;
    const target = await resolveSshTarget(
      { host: 'web', port: 22, username: 'bob', privateKey: 'KEY', hostKey: check, knownHostsPath: '/kh', readyTimeoutMs: 1000 },
      local,
    );
    expect(target).toMatchObject({ host: '10.0.0.5', port: 22, username: 'bob', identityFiles: [], agent: null, hostKey: check, knownHostsPath: '/kh', readyTimeoutMs: 1000 });
  });

  it("offers the config's keys with an explicit password, but not OpenSSH's defaults or the agent", async () => {
    expect(await resolveSshTarget({ host: 'db', password: 'pw' }, local)).toMatchObject({ identityFiles: [join(home, '.ssh', 'keys', 'db')], agent: null });
    expect(await resolveSshTarget({ host: 'elsewhere', password: 'pw' }, local)).toMatchObject({ identityFiles: [], agent: null, username: 'me', port: 22 });
  });

  it("falls back to OpenSSH's default keys and SSH_AUTH_SOCK without credentials; IdentitiesOnly and IdentityAgent none keep the agent out", async () => {
    expect(await resolveSshTarget({ host: 'elsewhere' }, local)).toMatchObject({ identityFiles: [join(home, '.ssh', 'id_ed25519')], agent: '/run/agent.sock', hostKey: 'strict' });
    expect((await resolveSshTarget({ host: 'db' }, local)).agent).toBeNull();
    const lab = await resolveSshTarget({ host: 'lab-7' }, local);
    expect(lab).toMatchObject({ host: 'lab-7.lab.example', agent: null, hostKey: 'accept-new', identityFiles: [join(home, '.ssh', 'id_ed25519')] });
  });

  it('reads nothing with configPath: false, and then needs a credential given', async () => {
    const error = await resolveSshTarget({ host: 'web', configPath: false }, local).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PsrpArgumentError);
    expect((error as Error).message).toMatch(/SSH needs a credential for me@web: password, privateKey, agent or keyboardInteractive$/);
    expect(await resolveSshTarget({ host: 'web', configPath: false, password: 'pw' }, local)).toMatchObject({ host: 'web', port: 22, username: 'me', configFiles: [] });
  });

  it('says where a key was looked for when none is found', async () => {
    const bare = { ...local, home: join(home, 'nobody'), env: {} };
    await expect(resolveSshTarget({ host: 'h' }, bare)).rejects.toThrow(/or an IdentityFile for h in .*nobody\/\.ssh\/config \(no key file was found, and SSH_AUTH_SOCK is not set\)/);
  });

  it('reads another file when configPath names one (it must exist), and reports a token it cannot expand', async () => {
    const other = join(home, 'other.conf');
    await writeFile(other, 'Host web\n  Port 4022\n  IdentityFile ~/.ssh/%z\n', { mode: 0o600 });
    const error = await resolveSshTarget({ host: 'web', configPath: other }, local).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PsrpSshConfigError);
    expect((error as Error).message).toMatch(/Cannot expand the IdentityFile in .*other\.conf: unknown token %z/);
    expect((await resolveSshTarget({ host: 'web', configPath: other, privateKey: 'K' }, local)).port).toBe(4022);
    await expect(resolveSshTarget({ host: 'web', configPath: join(home, 'absent.conf') }, local)).rejects.toBeInstanceOf(PsrpSshConfigError);
  });
});
