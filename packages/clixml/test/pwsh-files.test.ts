/**
 * Files against real PowerShell 7.6 (one process for the file, plus one `pwsh -OutputFormat xml` run):
 *  - readClixmlFile reads what Export-Clixml writes (several values, -Depth, a value repeated as `<Ref>`),
 *    value by value, the same as deserializeDocument reads the whole text;
 *  - Import-Clixml reads what writeClixmlFile writes exactly as it reads PowerShell's own Export-Clixml of the
 *    same values (compared on type, type names, ToString, properties and values);
 *  - the `#< CLIXML` text pwsh writes on stdout and stderr with -OutputFormat xml reads, streams and errors included.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { deserializeDocument, deserializeDocumentEntries, PSObject, type PsValue } from '../src/index.js';
import { readClixmlFile, readClixmlFileEntries, writeClixmlFile } from '../src/node.js';
import { CORPUS } from './pwsh-corpus.js';
import { PwshOracle, type Description } from './pwsh-oracle.js';

const oracle = await PwshOracle.start();
const folder = mkdtempSync(join(tmpdir(), 'clixml-files-'));
afterAll(async () => {
  await oracle?.close();
  rmSync(folder, { recursive: true, force: true });
});

const TIMEOUT_MS = 180_000;

/** Corpus values with a JS counterpart, small enough for one file (the big strings have their own tests). */
const FILE_VALUES = CORPUS.filter((entry) => 'send' in entry && !entry.psFails && !entry.name.includes('MB') && !entry.name.includes('MiB'));

async function collect<T>(values: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of values) out.push(value);
  return out;
}

describe.skipIf(oracle === null)('Export-Clixml and Import-Clixml files, real PowerShell 7.6', { timeout: TIMEOUT_MS }, () => {
  test('readClixmlFile reads Export-Clixml output value by value; a value written twice comes back as one object', async () => {
    const pwsh = oracle as PwshOracle;
    const path = join(folder, 'export.xml');
    await pwsh.exportClixml(
      "$o = [pscustomobject]@{ Name = 'shared'; When = [datetime]::new(2020, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) }; " +
        "$v = @($o, (Get-Item $PSHOME), @{ k = @(1, 2) }, 'text_x000A_', $o) + @(Get-ChildItem $PSHOME | Select-Object -First 20)",
      path,
      3,
    );
    const values = await collect(readClixmlFile(path));
    const whole = deserializeDocument(readFileSync(path, 'utf8'));
    expect(values.length).toBe(whole.length);
    expect(values.length).toBeGreaterThan(6);
    expect(values[4]).toBe(values[0]);
    expect((values[0] as PSObject).get('Name')).toBe('shared');
    expect((values[1] as PSObject).typeNames[0]).toBe('Deserialized.System.IO.DirectoryInfo');
    expect(values[3]).toBe('text_x000A_');
    // Every Get-ChildItem item refers back to the first item's PSProvider with <Ref>.
    const providers = values.slice(5).map((item) => (item as PSObject).get('PSProvider'));
    expect(new Set(providers).size).toBe(1);
    expect(JSON.stringify(values)).toBe(JSON.stringify(whole));
    const entries = await collect(readClixmlFileEntries(path, { maxRetainedReferences: 50 }));
    expect(entries.every((entry) => entry.stream === null)).toBe(true);
  });

  test('Import-Clixml reads writeClixmlFile output as it reads its own Export-Clixml of the same values', async () => {
    const pwsh = oracle as PwshOracle;
    const ours = join(folder, 'ours.xml');
    const theirs = join(folder, 'theirs.xml');
    async function* values(): AsyncGenerator<PsValue> {
      for (const entry of FILE_VALUES) yield entry.send as PsValue;
    }
    await writeClixmlFile(ours, values());
    const script = `$all = [System.Collections.Generic.List[object]]::new(); ${FILE_VALUES.map((entry) => `$v = $null; ${entry.ps}; $all.Add($v)`).join('; ')}; $v = $all.ToArray()`;
    await pwsh.exportClixml(script, theirs, 10);
    const [imported, own] = await Promise.all([pwsh.importClixml(ours), pwsh.importClixml(theirs)]);
    expect(imported).toHaveLength(FILE_VALUES.length);
    expect(own).toHaveLength(FILE_VALUES.length);
    const differences = FILE_VALUES.flatMap((entry, index) =>
      JSON.stringify(imported[index]) === JSON.stringify(own[index] as Description) ? [] : [entry.name],
    );
    expect(differences).toEqual([]);
  });

  test('the #< CLIXML text of pwsh -OutputFormat xml: stdout and stderr, with their streams', async () => {
    const executable = (pwshExecutable ??= await findExecutable());
    const script = "Write-Error 'oops'; 'out'; Write-Warning 'careful'; Write-Verbose 'v' -Verbose; [pscustomobject]@{ a = 1 }";
    const { stdout, stderr } = await promisify(execFile)(executable, ['-NoLogo', '-NoProfile', '-NonInteractive', '-OutputFormat', 'xml', '-Command', script], {
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', TERM: 'dumb' },
    });
    expect(stdout.startsWith('#< CLIXML')).toBe(true);
    const output = deserializeDocumentEntries(stdout);
    expect(output.map((entry) => entry.stream)).toEqual(['Output', 'Output']);
    expect(output[0]?.value).toBe('out');
    expect((output[1]?.value as PSObject).get('a')).toBe(1);
    const errors = deserializeDocumentEntries(stderr);
    // pwsh names the streams as it names them: Error, then lowercase for the others.
    expect(errors.map((entry) => entry.stream)).toEqual(['Error', 'warning', 'verbose']);
    const record = errors[0]?.value as PSObject;
    expect(record.typeNames[0]).toBe('Deserialized.System.Management.Automation.ErrorRecord');
    expect(String(record)).toBe('oops');
    expect(errors.slice(1).map((entry) => entry.value)).toEqual(['careful', 'v']);
    // The same text, read as a stream of bytes 13 at a time.
    const bytes = new TextEncoder().encode(stderr);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 13) }, (_, index) => bytes.slice(index * 13, index * 13 + 13));
    const { readClixmlEntries } = await import('../src/index.js');
    const streamed = await collect(readClixmlEntries(chunks));
    expect(streamed.map((entry) => entry.stream)).toEqual(['Error', 'warning', 'verbose']);
  });
});

let pwshExecutable: string | undefined;

async function findExecutable(): Promise<string> {
  const peers = process.env.PSRP_PEERS_DIR ?? join(import.meta.dirname, '..', '..', '..', '.peers');
  return join(peers, 'pwsh', '7.6.10', 'bin', 'pwsh');
}
