/**
 * A WinRM-like HTTP(S) endpoint with real acceptors (winrm-endpoint.py on Debian's python3 with
 * python3-gssapi): Basic, NTLM and SPNEGO by gss-ntlmssp, Kerberos by MIT with a realm's keytab, TLS
 * client certificates; it unseals multipart/encrypted requests and seals its answers, and echoes each SOAP
 * body back. One endpoint per test file keeps the suites fast.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureAuthPeers, SYSTEM_PYTHON } from './auth-peers.js';
import type { Kdc } from './kdc.js';
import type { TestCertificates } from './test-certificates.js';

const START_TIMEOUT_MS = 15_000;

/** An account of the endpoint's NTLM user file (DOMAIN:user:password); Basic checks the same accounts. */
export interface EndpointUser {
  readonly domain: string;
  readonly user: string;
  readonly password: string;
}

export interface WinRMEndpointOptions {
  /** Accounts for NTLM, SPNEGO and Basic; default one EXAMPLE\alice with a random password. */
  users?: EndpointUser[];
  /** A realm to accept Kerberos from (its keytab and krb5.conf). */
  kdc?: Kdc;
  /** Serve HTTPS with these certificates (the client certificate is accepted for certificate auth). */
  certificates?: TestCertificates;
  /** The channel bindings the acceptor expects over HTTPS: of its certificate ('match'), wrong ones, or none. */
  channelBinding?: 'match' | 'wrong' | 'none';
  /** Accept unsealed SOAP over http: from NTLM/Kerberos sessions (WinRM's AllowUnencrypted). */
  allowUnencrypted?: boolean;
  /** Log every request to stderr. */
  verbose?: boolean;
}

export interface EndpointRequest {
  connection: number;
  user: string;
  sealed: boolean;
  contentType: string;
  /** Whether the request body on the wire contained a plain SOAP envelope. */
  plaintextOnWire: boolean;
  action: string;
}

export interface EndpointStats {
  connections: number;
  handshakes: number;
  requests: EndpointRequest[];
  /** Authentication failures the acceptor saw, with GSSAPI's message. */
  failures: { connection: number; scheme: string; error: string }[];
}

export interface WinRMEndpoint {
  /** http(s)://localhost:<port>/wsman */
  readonly url: string;
  readonly port: number;
  readonly users: readonly EndpointUser[];
  stats(): Promise<EndpointStats>;
  stop(): Promise<void>;
}

function scriptPath(): string {
  // From dist/index.js and from src/winrm-endpoint/*.ts.
  for (const candidate of ['../src/winrm-endpoint/winrm-endpoint.py', './winrm-endpoint.py']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('winrm-endpoint.py not found beside the testkit');
}

export async function startWinRMEndpoint(options: WinRMEndpointOptions = {}): Promise<WinRMEndpoint> {
  await ensureAuthPeers();
  const directory = await mkdtemp(join(tmpdir(), 'psrp-winrm-'));
  const users = options.users ?? [{ domain: 'EXAMPLE', user: 'alice', password: `pw-${crypto.randomUUID()}` }];
  const userFile = join(directory, 'ntlm-users');
  await writeFile(userFile, users.map((user) => `${user.domain}:${user.user}:${user.password}\n`).join(''));
  const config: Record<string, unknown> = {
    host: '127.0.0.1',
    port: 0,
    ntlmUserFile: userFile,
    channelBinding: options.channelBinding ?? 'match',
    allowUnencrypted: options.allowUnencrypted ?? false,
    verbose: options.verbose ?? false,
  };
  if (options.certificates !== undefined) {
    const files = options.certificates.files;
    config.tls = { cert: files.serverCert, key: files.serverKey, clientCa: files.caCert };
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NTLM_USER_FILE: userFile, GSS_USE_PROXY: 'no' };
  if (options.kdc !== undefined) {
    env.KRB5_CONFIG = options.kdc.env.KRB5_CONFIG;
    env.KRB5_KTNAME = options.kdc.keytab;
  } else {
    // No realm: an empty keytab keeps the acceptor from reading the machine's.
    env.KRB5_KTNAME = join(directory, 'none.keytab');
  }
  // stdin stays open: the script exits when it closes, so a killed test worker leaves no endpoint behind.
  const child: ChildProcess = spawn(SYSTEM_PYTHON, [scriptPath(), JSON.stringify(config)], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.verbose) process.stderr.write(chunk);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the WinRM test endpoint did not start within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch (error) {
        reject(new Error(`the WinRM test endpoint said ${line}: ${stderr}`, { cause: error }));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the WinRM test endpoint exited with ${code}: ${stderr}`));
    });
  });
  const scheme = options.certificates === undefined ? 'http' : 'https';
  const url = `${scheme}://localhost:${port}/wsman`;
  return {
    url,
    port,
    users,
    async stats() {
      // The control endpoint needs no auth; over HTTPS it trusts the test CA.
      const { request } = scheme === 'https' ? await import('node:https') : await import('node:http');
      return new Promise<EndpointStats>((resolve, reject) => {
        const call = request(
          `${scheme}://127.0.0.1:${port}/_stats`,
          { method: 'GET', ca: options.certificates?.pem.ca, servername: 'localhost', agent: false },
          (response: import('node:http').IncomingMessage) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve(JSON.parse(text) as EndpointStats));
          },
        );
        call.once('error', reject);
        call.end();
      });
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
