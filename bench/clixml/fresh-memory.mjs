/**
 * What memory costs per byte on this machine, by size: what bounds the receive path of a large message
 * (receive-path.mjs). Each size is measured four ways, nanoseconds per byte, median of the runs; each run makes its
 * memory and drops it, as a receive path does with a message's, so the figure tells how much the runtime reuses:
 * - reused: writing a buffer written before (the floor: memory already mapped and touched);
 * - new buffer: a new Uint8Array of the size, written once (malloc's: it maps 32 MiB and more fresh from the system
 *   each time, smaller sizes it may reuse);
 * - string (TextDecoder): ASCII bytes made into a string by TextDecoder (V8 maps fresh memory for every string over
 *   128 KiB);
 * - string (latin1): the same by Buffer#toString('latin1'), which Node makes an external string of from about 1 MB
 *   (malloc's memory).
 * On a VM the first touch of a fresh page can cost far more than writing it; a message's receive path can only be
 * linear in its size where the memory it needs costs the same per byte at every size. On this project's VM (a
 * Firecracker guest, transparent huge pages in `madvise` mode) a 4 KiB page's first touch costs about 11 µs, a fresh
 * page just given back included (a C program mapping and touching 64 MiB over and over: 2.8 ns a byte); asked for huge
 * pages (madvise MADV_HUGEPAGE) the same costs 0.05 after the first time. glibc asks for them for its own mappings
 * with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which keeps no memory (fresh-memory-glibc-hugetlb.json).
 * Writes fresh-memory.json beside this file (or --out=NAME); the results record GLIBC_TUNABLES (see
 * receive-path.mjs).
 *
 *   node bench/clixml/fresh-memory.mjs [--seconds=1] [--out=NAME.json]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const seconds = Number(process.argv.find((arg) => arg.startsWith('--seconds='))?.split('=')[1] ?? 1);
const outputName = process.argv.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) ?? 'fresh-memory.json';
const KiB = 1024;
const MiB = 1024 * KiB;
const decoder = new TextDecoder();

/** Median nanoseconds per byte of `make(size)` over the runs of `seconds` (at least 5); what it makes is dropped. */
function nsPerByte(size, make) {
  const times = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline || times.length < 5) {
    const start = performance.now();
    if (make(size).length !== size) throw new Error('wrong size');
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[times.length >> 1] * 1e6 * 100) / size) / 100;
}

const results = {};
for (let size = 256 * KiB; size <= 256 * MiB; size *= 4) {
  const ascii = new Uint8Array(size).fill(0x61);
  const reused = new Uint8Array(size);
  const label = size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`;
  results[label] = {
    reused: nsPerByte(size, () => reused.fill(1)),
    newBuffer: nsPerByte(size, (bytes) => new Uint8Array(bytes).fill(1)),
    stringTextDecoder: nsPerByte(size, () => decoder.decode(ascii)),
    stringLatin1: nsPerByte(size, () => Buffer.from(ascii.buffer).toString('latin1')),
  };
  console.log(label.padStart(8), JSON.stringify(results[label]));
}

const output = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 1e9), platform: `${platform()} ${release()}`, node: process.version, loadAverage: loadavg().map((each) => Math.round(each * 100) / 100), glibcTunables: process.env.GLIBC_TUNABLES ?? null },
  note: 'Nanoseconds per byte, median of the runs at each size, each run making its memory and dropping it: writing reused memory, a new Uint8Array written once, ASCII bytes made a string by TextDecoder and by Buffer latin1.',
  secondsPerCase: seconds,
  results,
};
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), outputName), `${JSON.stringify(output, null, 2)}\n`);
