import { deserialize } from '@psrp/clixml';
import { recordedPsrpMessages } from 'psrp-testkit';
import { bareTree } from './clixml/bare-tokenizer.mjs';
const enc = new TextEncoder(), dec = new TextDecoder();
const messages = recordedPsrpMessages().filter((m) => m.direction === 'to-client' && m.data.length > 0);
const which = process.argv[2] ?? 'other';
const sel = which === 'all' ? messages : which === 'output' ? messages.filter((m) => m.messageType === 0x00041004) : messages.filter((m) => m.messageType !== 0x00041004);
const inputs = sel.map((m) => enc.encode(m.body));
const bytes = inputs.reduce((s, i) => s + i.length, 0);
console.log(which, inputs.length, 'bodies', bytes, 'bytes');
function rate(fn, ms) { let passes = 0; const t = performance.now(); let e; do { for (const i of inputs) fn(i); passes++; e = performance.now() - t; } while (e < ms); return bytes * passes / 1e6 / (e / 1000); }
const ours = (i) => deserialize(dec.decode(i)); const bare = (i) => bareTree(dec.decode(i));
rate(ours, 500); rate(bare, 500);
const r = []; for (let k = 0; k < 7; k++) r.push([rate(ours, 300), rate(bare, 300)]);
const best = (j) => Math.max(...r.map((x) => x[j]));
console.log('ours', best(0).toFixed(1), 'bare', best(1).toFixed(1), 'ratio', (best(0) / best(1)).toFixed(2));
if (process.argv[3] === 'loop') { const t = performance.now(); while (performance.now() - t < 8000) for (const i of inputs) ours(i); }
