/**
 * A throwaway MIT Kerberos realm on loopback, wholly in a temp dir: krb5.conf and kdc.conf, a database
 * with the users and the HTTP/<host> service key in a keytab, krb5kdc in the foreground (-n), and tickets
 * in a DIR: credential-cache collection: one for each user, and one that has already expired.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureAuthPeers } from './auth-peers.js';

const run = promisify(execFile);

export const TEST_REALM = 'EXAMPLE.TEST';
const START_TIMEOUT_MS = 10_000;
/** The lifetime of the ticket meant to expire: short, and over by the time a test uses it. */
export const EXPIRING_TICKET_SECONDS = 1;

export interface KdcUser {
  readonly name: string;
  readonly principal: string;
  readonly password: string;
}

export interface Kdc {
  readonly realm: string;
  readonly port: number;
  readonly directory: string;
  /** KRB5_CONFIG (the realm's krb5.conf) and KRB5CCNAME (the DIR: collection with every user's ticket). */
  readonly env: { KRB5_CONFIG: string; KRB5CCNAME: string };
  /** The acceptor's keytab with the service key of `servicePrincipal`. */
  readonly keytab: string;
  /** e.g. HTTP/localhost@EXAMPLE.TEST. */
  readonly servicePrincipal: string;
  /** Users with a valid ticket in the collection; `alice` is the collection's default. */
  readonly users: Readonly<Record<string, KdcUser>>;
  /** A user whose only ticket has expired. */
  readonly expiredUser: KdcUser;
  /** Stops the KDC and removes the realm. */
  stop(): Promise<void>;
}

export interface KdcOptions {
  /** The host of the HTTP service principal; default 'localhost'. */
  serviceHost?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`krb5kdc exited with ${child.exitCode}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`krb5kdc did not listen on ${port} within ${START_TIMEOUT_MS} ms: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function randomPassword(): string {
  return `pw-${crypto.randomUUID()}`;
}

/** Starts a realm; stop() it in afterAll. */
export async function startKdc(options: KdcOptions = {}): Promise<Kdc> {
  await ensureAuthPeers();
  const serviceHost = options.serviceHost ?? 'localhost';
  const directory = await mkdtemp(join(tmpdir(), 'psrp-kdc-'));
  const port = await freePort();
  const ccache = join(directory, 'ccache');
  await mkdir(ccache);
  const krb5Conf = join(directory, 'krb5.conf');
  const kdcConf = join(directory, 'kdc.conf');
  await writeFile(
    krb5Conf,
    [
      '[libdefaults]',
      `  default_realm = ${TEST_REALM}`,
      '  dns_lookup_realm = false',
      '  dns_lookup_kdc = false',
      '  rdns = false',
      '  dns_canonicalize_hostname = false',
      '  udp_preference_limit = 1',
      '[realms]',
      `  ${TEST_REALM} = {`,
      `    kdc = 127.0.0.1:${port}`,
      '  }',
      '',
    ].join('\n'),
  );
  await writeFile(
    kdcConf,
    [
      '[kdcdefaults]',
      `  kdc_listen = 127.0.0.1:${port}`,
      `  kdc_tcp_listen = 127.0.0.1:${port}`,
      '[realms]',
      `  ${TEST_REALM} = {`,
      `    database_name = ${join(directory, 'principal')}`,
      `    key_stash_file = ${join(directory, 'stash')}`,
      `    acl_file = ${join(directory, 'kadm5.acl')}`,
      `    kdc_listen = 127.0.0.1:${port}`,
      `    kdc_tcp_listen = 127.0.0.1:${port}`,
      '  }',
      '[logging]',
      `  kdc = FILE:${join(directory, 'kdc.log')}`,
      '',
    ].join('\n'),
  );
  await writeFile(join(directory, 'kadm5.acl'), '');
  const env = { ...process.env, KRB5_CONFIG: krb5Conf, KRB5_KDC_PROFILE: kdcConf, KRB5CCNAME: `DIR:${ccache}` };
  const kadmin = (query: string): Promise<unknown> => run('kadmin.local', ['-q', query], { env });
  const users: Record<string, KdcUser> = {
    alice: { name: 'alice', principal: `alice@${TEST_REALM}`, password: randomPassword() },
    bob: { name: 'bob', principal: `bob@${TEST_REALM}`, password: randomPassword() },
  };
  const expiredUser: KdcUser = { name: 'carol', principal: `carol@${TEST_REALM}`, password: randomPassword() };
  const keytab = join(directory, 'http.keytab');
  const servicePrincipal = `HTTP/${serviceHost}@${TEST_REALM}`;
  let kdc: ChildProcess | null = null;
  try {
    await run('kdb5_util', ['create', '-s', '-r', TEST_REALM, '-P', randomPassword()], { env });
    for (const user of [...Object.values(users), expiredUser]) await kadmin(`addprinc -pw ${user.password} ${user.principal}`);
    await kadmin(`addprinc -randkey ${servicePrincipal}`);
    await kadmin(`ktadd -k ${keytab} ${servicePrincipal}`);
    let output = '';
    // krb5kdc runs under a shell that stops it when our end of its stdin closes: on stop(), and when a
    // killed test worker leaves it behind.
    kdc = spawn('sh', ['-c', 'krb5kdc -n -P "$1" & kdc=$!; cat > /dev/null; kill $kdc; wait $kdc', 'sh', join(directory, 'kdc.pid')], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    kdc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    kdc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForPort(port, kdc, () => output);
    const kinit = (user: KdcUser, extra: string[] = []): Promise<void> =>
      new Promise((resolve, reject) => {
        const child = execFile('kinit', [...extra, user.principal], { env }, (error, _stdout, stderr) =>
          error ? reject(new Error(`kinit ${user.principal} failed: ${stderr}`)) : resolve(),
        );
        child.stdin!.end(`${user.password}\n`);
      });
    // The expiring ticket first, the default user last: the last kinit becomes the collection's primary.
    await kinit(expiredUser, ['-l', `${EXPIRING_TICKET_SECONDS}s`]);
    await kinit(users.bob!);
    await kinit(users.alice!);
  } catch (error) {
    kdc?.stdin?.end();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const started = kdc;
  return {
    realm: TEST_REALM,
    port,
    directory,
    env: { KRB5_CONFIG: krb5Conf, KRB5CCNAME: `DIR:${ccache}` },
    keytab,
    servicePrincipal,
    users,
    expiredUser,
    async stop() {
      if (started.exitCode === null) {
        const exited = new Promise((resolve) => started.once('exit', resolve));
        started.stdin!.end();
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
