import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsrpSshConfigError } from '../../errors.js';
import { matchesPattern, matchesPatternList } from './host-pattern.js';
import { expandTokens } from './percent-tokens.js';
import { MAX_CONFIG_FILE_BYTES, readSshConfig, type SshConfigValues } from './ssh-config.js';
import { parseSshConfigLines } from './ssh-config-lines.js';

let home = '';
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'psrp-ssh-config-'));
  await mkdir(join(home, '.ssh'), { mode: 0o700 });
});
afterAll(() => rm(home, { recursive: true, force: true }));

let fileCount = 0;
/** Writes a config file (mode 600, as ssh wants it) and returns its path. */
async function configFile(text: string, name = `config-${++fileCount}`): Promise<string> {
  const path = join(home, '.ssh', name);
  await writeFile(path, text, { mode: 0o600 });
  return path;
}

async function valuesFor(text: string, host: string, user?: string): Promise<SshConfigValues> {
  return readSshConfig(await configFile(text), { host, localUser: 'me', home, ...(user ? { user } : {}) }, false);
}

async function failureFor(text: string, host: string): Promise<PsrpSshConfigError> {
  const error = await valuesFor(text, host).then(
    () => new Error('expected a PsrpSshConfigError'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PsrpSshConfigError);
  return error as PsrpSshConfigError;
}

describe('ssh_config patterns', () => {
  it('matches * (any run), ? (exactly one) and literal characters, case-sensitively', () => {
    expect(matchesPattern('*', '')).toBe(true);
    expect(matchesPattern('web*', 'web01.example.com')).toBe(true);
    expect(matchesPattern('*.example.com', 'example.com')).toBe(false);
    expect(matchesPattern('db?', 'db1')).toBe(true);
    expect(matchesPattern('db?', 'db')).toBe(false);
    expect(matchesPattern('db?', 'db12')).toBe(false);
    expect(matchesPattern('a*b*c', 'aXXbYYc')).toBe(true);
    expect(matchesPattern('a*b*c', 'aXXbYYd')).toBe(false);
    expect(matchesPattern('a.b', 'aXb')).toBe(false);
    expect(matchesPattern('Web', 'web')).toBe(false);
  });

  it('needs no backtracking: a hostile pattern against a long name answers at once', () => {
    // A backtracking matcher would not return from this (200 stars against 5,000 characters); this one does.
    expect(matchesPattern(`${'*a'.repeat(200)}b`, 'a'.repeat(5000))).toBe(false);
    expect(matchesPattern(`${'*a'.repeat(200)}`, 'a'.repeat(5000))).toBe(true);
  });

  it('reads a pattern list: a negated match decides, and negations alone match nothing', () => {
    expect(matchesPatternList(['*.corp', '!bastion.corp'], 'db.corp')).toBe(true);
    expect(matchesPatternList(['*.corp', '!bastion.corp'], 'bastion.corp')).toBe(false);
    expect(matchesPatternList(['!bastion.corp'], 'db.corp')).toBe(false);
  });
});

describe('ssh_config lines', () => {
  it('splits keyword and arguments as readconf does: =, quotes, escapes, comments', () => {
    const lines = parseSshConfigLines(
      ['# comment', '', '  HostName = example.com', 'IdentityFile "~/my keys/id_ed25519"', "User 'a b'", 'Host a\\ b c # trailing', 'Port\t2222\r'].join('\n'),
      'f',
    );
    expect(lines).toEqual([
      { keyword: 'hostname', args: ['example.com'], line: 3 },
      { keyword: 'identityfile', args: ['~/my keys/id_ed25519'], line: 4 },
      { keyword: 'user', args: ['a b'], line: 5 },
      { keyword: 'host', args: ['a b', 'c'], line: 6 },
      { keyword: 'port', args: ['2222'], line: 7 },
    ]);
  });

  it('refuses a keyword without argument and an unterminated quote, naming the line', () => {
    expect(() => parseSshConfigLines('Host x\nHostName\n', 'cfg')).toThrow(/cfg line 2: no argument after keyword "hostname"/);
    expect(() => parseSshConfigLines('User "open', 'cfg')).toThrow(PsrpSshConfigError);
    expect(() => parseSshConfigLines('User "open', 'cfg')).toThrow(/line 1: invalid quotes/);
  });
});

describe('ssh_config for a host', () => {
  it('applies Host blocks whose patterns match the name as typed, the first value obtained winning', async () => {
    const text = [
      'Host web',
      '  HostName 10.0.0.5',
      '  User alice',
      'Host w* !wiki',
      '  Port 2222',
      '  User bob',
      '  IdentityFile ~/.ssh/web_key',
      'Host *',
      '  Port 22',
      '  IdentityFile ~/.ssh/id_ed25519',
      '  ConnectTimeout 1m30s',
    ].join('\n');
    const web = await valuesFor(text, 'web');
    expect(web).toMatchObject({ hostName: '10.0.0.5', user: 'alice', port: 2222, connectTimeoutSeconds: 90 });
    expect(web.identityFiles).toEqual(['~/.ssh/web_key', '~/.ssh/id_ed25519']);
    const wiki = await valuesFor(text, 'wiki');
    expect(wiki).toMatchObject({ port: 22, identityFiles: ['~/.ssh/id_ed25519'] });
    expect(wiki.hostName).toBeUndefined();
    expect(wiki.user).toBeUndefined();
    // Host names are lowercased before matching, as ssh does; patterns are compared as written.
    expect((await valuesFor('Host web\n Port 7', 'WEB')).port).toBe(7);
    expect((await valuesFor('Host WEB\n Port 7', 'web')).port).toBeUndefined();
  });

  it('reads options before any Host line for every host, and gives nothing for a host no block names', async () => {
    const values = await valuesFor('User everyone\nHost other\n User nobody', 'mine');
    expect(values.user).toBe('everyone');
    expect(await valuesFor('Host other\n Port 1', 'mine')).toMatchObject({ identityFiles: [], files: [expect.stringContaining('config-')] });
  });

  it('maps StrictHostKeyChecking, IdentitiesOnly, IdentityAgent and UserKnownHostsFile (its first file)', async () => {
    const values = await valuesFor(
      'Host h\n StrictHostKeyChecking accept-new\n IdentitiesOnly yes\n IdentityAgent none\n UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2',
      'h',
    );
    expect(values).toMatchObject({ strictHostKeyChecking: 'accept-new', identitiesOnly: true, identityAgent: 'none', userKnownHostsFile: '~/.ssh/kh1' });
    expect((await valuesFor('StrictHostKeyChecking off', 'h')).strictHostKeyChecking).toBe('no');
    expect((await valuesFor('ConnectTimeout none', 'h')).connectTimeoutSeconds).toBeNull();
    expect((await failureFor('Port 70000', 'h')).message).toMatch(/line 1: bad port '70000'/);
    expect((await failureFor('StrictHostKeyChecking maybe', 'h')).keyword).toBe('stricthostkeychecking');
    expect((await failureFor('ConnectTimeout 9999999999', 'h')).message).toMatch(/invalid time value/);
  });

  it('evaluates Match all/host/originalhost/user/localuser/tagged, with negation', async () => {
    const text = [
      'Host alias',
      '  HostName real.example.com',
      'Match host real.example.com user deploy',
      '  Port 2200',
      'Match originalhost alias !localuser root',
      '  IdentityFile ~/.ssh/alias_key',
      'Match all',
      '  ConnectTimeout 5',
    ].join('\n');
    expect(await valuesFor(text, 'alias', 'deploy')).toMatchObject({ hostName: 'real.example.com', port: 2200, identityFiles: ['~/.ssh/alias_key'], connectTimeoutSeconds: 5 });
    const other = await valuesFor(text, 'alias', 'someone');
    expect(other.port).toBeUndefined();
    expect((await valuesFor('Tag prod\nMatch tagged prod\n Port 9', 'h')).port).toBe(9);
  });

  it("refuses Match exec when it would apply, but not when an earlier criterion already failed", async () => {
    const refused = await failureFor('Match host h exec "test -e /tmp/x"\n Port 1', 'h');
    expect(refused.message).toMatch(/Match exec is not supported/);
    expect(refused.line).toBe(1);
    expect((await valuesFor('Match host other exec "rm -rf /"\n Port 1\nHost *\n Port 2', 'h')).port).toBe(2);
  });

  it('refuses ProxyJump and ProxyCommand that apply to the host with a typed error, and accepts "none"', async () => {
    const jump = await failureFor('Host inside\n  ProxyJump bastion\n', 'inside');
    expect(jump).toMatchObject({ code: 'PSRP_ERR_SSH_CONFIG', keyword: 'proxyjump', line: 2 });
    expect(jump.message).toMatch(/ProxyJump applies to inside, but @psrp\/client\/ssh connects only directly/);
    expect((await failureFor('ProxyCommand nc %h %p', 'x')).keyword).toBe('proxycommand');
    expect((await valuesFor('Host inside\n ProxyJump bastion', 'outside')).files).toHaveLength(1);
    expect((await valuesFor('Host h\n ProxyJump none\nHost *\n ProxyJump bastion', 'h')).identityFiles).toEqual([]);
  });

  it('follows Include (relative to ~/.ssh, wildcards, sorted), keeps the including block, and bounds the depth', async () => {
    await mkdir(join(home, '.ssh', 'conf.d'), { recursive: true });
    await configFile('Host db\n  Port 5022\n', 'conf.d/20-db.conf');
    await configFile('Host db\n  Port 6022\n  User dbadmin\n', 'conf.d/30-db.conf');
    await configFile('Port 1\n', 'conf.d/10-global.conf.off');
    const values = await valuesFor('Include conf.d/*.conf\nHost *\n  User fallback', 'db');
    expect(values).toMatchObject({ port: 5022, user: 'dbadmin' });
    expect(values.files.map((file) => file.slice(home.length))).toEqual([expect.stringMatching(/config-/), '/.ssh/conf.d/20-db.conf', '/.ssh/conf.d/30-db.conf']);
    // An Include inside a block that does not apply reads nothing into the result.
    expect((await valuesFor('Host other\n  Include conf.d/*.conf', 'db')).port).toBeUndefined();
    // A file that includes itself stops at the depth bound instead of looping.
    const loop = await configFile('Include loop.conf\n', 'loop.conf');
    const error = await readSshConfig(loop, { host: 'h', localUser: 'me', home }, false).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PsrpSshConfigError);
    expect((error as Error).message).toMatch(/Include nested deeper than 16 levels/);
  });

  it('treats the file as hostile: size bound, regular files only, no group/world write; a missing default is no config', async () => {
    const big = await configFile(`# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`);
    await expect(readSshConfig(big, { host: 'h', localUser: 'me', home }, false)).rejects.toThrow(/larger than 1048576 bytes/);
    const open = await configFile('Port 2\n');
    await chmod(open, 0o666);
    await expect(readSshConfig(open, { host: 'h', localUser: 'me', home }, false)).rejects.toThrow(/bad owner or permissions/);
    await expect(readSshConfig(join(home, '.ssh'), { host: 'h', localUser: 'me', home }, false)).rejects.toThrow(/not a regular file/);
    expect(await readSshConfig(join(home, 'absent'), { host: 'h', localUser: 'me', home }, true)).toEqual({ identityFiles: [], files: [] });
    await expect(readSshConfig(join(home, 'absent'), { host: 'h', localUser: 'me', home }, false)).rejects.toThrow(/ENOENT/);
  });
});

describe('ssh_config tokens', () => {
  const values = { home: '/home/me', localUser: 'me', uid: '1000', localHost: 'box.lan', host: '10.0.0.5', originalHost: 'web', port: 2222, remoteUser: 'alice' };

  it('expands %d %u %h %r %p %n %l %L %i %% and ${VAR}', () => {
    expect(expandTokens('%d/.ssh/%u-%r@%h:%p-%n', values, {})).toBe('/home/me/.ssh/me-alice@10.0.0.5:2222-web');
    expect(expandTokens('%l %L %i 100%%', values, {})).toBe('box.lan box 1000 100%');
    expect(expandTokens('${KEYS}/id', values, { KEYS: '/keys' })).toBe('/keys/id');
    expect(expandTokens('%C', values, {})).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses unknown tokens, tokens a keyword does not take, and unset variables', () => {
    expect(() => expandTokens('%z', values, {})).toThrow(/unknown token %z/);
    expect(() => expandTokens('%r.example.com', values, {}, 'h')).toThrow(/unknown token %r/);
    expect(() => expandTokens('${NOPE}', values, {})).toThrow(/NOPE.*is not set/);
  });
});
