/**
 * Certificates for the HTTPS endpoint, made with openssl in a temp dir: a test CA, a server certificate
 * for localhost and 127.0.0.1 signed by it, and a client certificate (for certificate authentication).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureAuthPeers } from './auth-peers.js';

const run = promisify(execFile);

export interface TestCertificates {
  readonly directory: string;
  /** Paths of the PEM files. */
  readonly files: { caCert: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };
  /** The PEM texts, for a client's TLS options. */
  readonly pem: { ca: string; clientCert: string; clientKey: string; serverCert: string };
  remove(): Promise<void>;
}

export async function makeTestCertificates(options: { clientCommonName?: string } = {}): Promise<TestCertificates> {
  await ensureAuthPeers();
  const directory = await mkdtemp(join(tmpdir(), 'psrp-certs-'));
  const file = (name: string): string => join(directory, name);
  const openssl = (...args: string[]): Promise<unknown> => run('openssl', args, { cwd: directory });
  const days = '2';
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', days, '-subj', '/CN=psrp test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  await writeFile(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', '/CN=localhost', '-keyout', file('server.key'), '-out', file('server.csr'));
  await openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', days, '-sha256', '-extfile', file('server.ext'), '-out', file('server.pem'));
  await writeFile(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', `/CN=${options.clientCommonName ?? 'wsman-client'}`, '-keyout', file('client.key'), '-out', file('client.csr'));
  await openssl('x509', '-req', '-in', file('client.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', days, '-sha256', '-extfile', file('client.ext'), '-out', file('client.pem'));
  const files = { caCert: file('ca.pem'), serverCert: file('server.pem'), serverKey: file('server.key'), clientCert: file('client.pem'), clientKey: file('client.key') };
  return {
    directory,
    files,
    pem: {
      ca: await readFile(files.caCert, 'utf8'),
      clientCert: await readFile(files.clientCert, 'utf8'),
      clientKey: await readFile(files.clientKey, 'utf8'),
      serverCert: await readFile(files.serverCert, 'utf8'),
    },
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}
