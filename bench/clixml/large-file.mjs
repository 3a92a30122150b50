/**
 * A 1 GB Export-Clixml file, written with writeClixmlFile and read back with readClixmlFile (@psrp/clixml/node),
 * with the memory of the process sampled all along: both should stay flat however large the file. The values look
 * like Get-ChildItem output (type names, ToString, adapted and extended properties, a nested Directory object, and
 * one PSProvider object shared by all of them, written once and then as <Ref>, as Export-Clixml writes it).
 * Writes large-file.json beside this file. Build first: npx turbo run build.
 *
 *   node --expose-gc bench/clixml/large-file.mjs [--mb=1000]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PSObject, PSDateTime, PSNumber, psEnum } from '@psrp/clixml';
import { readClixmlFile, writeClixmlFile } from '@psrp/clixml/node';

const targetMb = Number(process.argv.find((arg) => arg.startsWith('--mb='))?.split('=')[1] ?? 1000);
const SAMPLE_EVERY = 5000;
const MB = 1e6;

const provider = new PSObject({
  typeNames: ['System.Management.Automation.ProviderInfo', 'System.Object'],
  toStringValue: 'Microsoft.PowerShell.Core\\FileSystem',
  adapted: { Name: 'FileSystem', Home: '/root', Capabilities: 'Filter, ShouldProcess, Credentials' },
});

function file(index) {
  const name = `file-${index}.txt`;
  const folder = `/data/folder-${Math.floor(index / 100)}`;
  const directory = new PSObject({
    typeNames: ['System.IO.DirectoryInfo', 'System.IO.FileSystemInfo', 'System.MarshalByRefObject', 'System.Object'],
    toStringValue: folder,
    adapted: { Name: `folder-${Math.floor(index / 100)}`, FullName: folder, Exists: true },
  });
  return new PSObject({
    typeNames: ['System.IO.FileInfo', 'System.IO.FileSystemInfo', 'System.MarshalByRefObject', 'System.Object'],
    toStringValue: `${folder}/${name}`,
    adapted: {
      Name: name,
      Length: PSNumber.int64(1000 + index),
      DirectoryName: folder,
      Directory: directory,
      IsReadOnly: false,
      Exists: true,
      FullName: `${folder}/${name}`,
      Extension: '.txt',
      CreationTime: PSDateTime.fromClixml('2024-01-02T03:04:05.1234567Z'),
      LastWriteTimeUtc: PSDateTime.fromClixml('2024-02-03T04:05:06.7654321Z'),
      Attributes: psEnum('System.IO.FileAttributes', 'Archive', 32),
      UnixFileMode: 'UserRead, UserWrite, GroupRead, OtherRead',
    },
    extended: {
      PSPath: `Microsoft.PowerShell.Core\\FileSystem::${folder}/${name}`,
      PSParentPath: `Microsoft.PowerShell.Core\\FileSystem::${folder}`,
      PSChildName: name,
      PSProvider: provider,
      PSIsContainer: false,
      Mode: '-a---',
      Note: `note with <markup> & _x escapes, item ${index}`,
    },
  });
}

function memory() {
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: Math.round(rss / MB), heapUsedMB: Math.round(heapUsed / MB) };
}

function track(samples, count) {
  const sample = { values: count, ...memory() };
  samples.push(sample);
  return sample;
}

const folder = mkdtempSync(join(tmpdir(), 'clixml-large-'));
const path = join(folder, 'large.xml');
const perValue = 1230; // bytes one value takes, near enough to aim at the target size
const count = Math.ceil((targetMb * MB) / perValue);
try {
  globalThis.gc?.();
  const start = memory();
  const writeSamples = [];
  let writeStarted = performance.now();
  async function* values() {
    for (let index = 0; index < count; index++) {
      if (index % SAMPLE_EVERY === 0) track(writeSamples, index);
      yield file(index);
    }
  }
  await writeClixmlFile(path, values());
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  const bytes = statSync(path).size;
  console.log(`wrote ${count} values, ${(bytes / MB).toFixed(0)} MB in ${writeSeconds.toFixed(1)} s`);

  globalThis.gc?.();
  const readSamples = [];
  const readStarted = performance.now();
  let read = 0;
  let sharedProvider = null;
  let providerRefs = 0;
  for await (const value of readClixmlFile(path)) {
    if (read % SAMPLE_EVERY === 0) track(readSamples, read);
    const found = value.get('PSProvider');
    if (sharedProvider === null) sharedProvider = found;
    else if (found === sharedProvider) providerRefs++;
    read++;
  }
  const readSeconds = (performance.now() - readStarted) / 1000;
  console.log(`read ${read} values in ${readSeconds.toFixed(1)} s; the shared PSProvider came back as one object ${providerRefs + 1} times`);

  const peak = (samples, key) => Math.max(...samples.map((sample) => sample[key]));
  const late = (samples) => samples.slice(Math.floor(samples.length / 2));
  const report = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 1e9), platform: `${platform()} ${release()}`, node: process.version, loadAverage: loadavg().map((value) => Math.round(value * 10) / 10) },
    file: { bytes, values: count },
    write: { seconds: Math.round(writeSeconds * 10) / 10, mbPerSecond: Math.round(bytes / MB / writeSeconds), peakRssMB: peak(writeSamples, 'rssMB'), peakHeapUsedMB: peak(writeSamples, 'heapUsedMB') },
    read: {
      seconds: Math.round(readSeconds * 10) / 10,
      mbPerSecond: Math.round(bytes / MB / readSeconds),
      values: read,
      sharedProviderSeen: providerRefs + 1,
      peakRssMB: peak(readSamples, 'rssMB'),
      peakHeapUsedMB: peak(readSamples, 'heapUsedMB'),
      peakHeapUsedSecondHalfMB: peak(late(readSamples), 'heapUsedMB'),
    },
    startMemory: start,
    samples: { write: writeSamples.filter((_, index) => index % 10 === 0), read: readSamples.filter((_, index) => index % 10 === 0) },
  };
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'large-file.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify({ write: report.write, read: report.read, start }, null, 2));
} finally {
  rmSync(folder, { recursive: true, force: true });
}
