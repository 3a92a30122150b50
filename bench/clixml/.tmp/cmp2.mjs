import * as oldLib from './old.mjs';
import * as newLib from './new.mjs';
import { recordedPsrpMessages } from '/work/main/packages/testkit/dist/index.js';
const bodies = recordedPsrpMessages().filter((m) => m.direction === 'to-client' && m.data.length > 0).map((m) => m.body);
const bytes = bodies.reduce((s, b) => s + Buffer.byteLength(b), 0);
function once(fn) { const t = performance.now(); let n = 0; do { for (const b of bodies) fn(b); n++; } while (performance.now() - t < 150); return (bytes * n) / 1e6 / ((performance.now() - t) / 1000); }
const cases = { 'old deserialize': (b) => oldLib.deserialize(b), 'new deserialize': (b) => newLib.deserialize(b) };
const oldValues = new Map(bodies.map((b) => [b, oldLib.deserialize(b)]));
const newValues = new Map(bodies.map((b) => [b, newLib.deserialize(b)]));
cases['old serialize'] = (b) => oldLib.serialize(oldValues.get(b));
cases['new serialize'] = (b) => newLib.serialize(newValues.get(b));
const best = {};
for (let round = 0; round < 15; round++) for (const [name, fn] of Object.entries(cases)) best[name] = Math.max(best[name] ?? 0, once(fn));
for (const [name, v] of Object.entries(best)) console.log(name, v.toFixed(1));
