import * as oldLib from './old.mjs';
import * as newLib from './new.mjs';
import { recordedPsrpMessages } from '/work/main/packages/testkit/dist/index.js';
const bodies = recordedPsrpMessages().filter((m) => m.direction === 'to-client' && m.data.length > 0).map((m) => m.body);
const bytes = bodies.reduce((s, b) => s + Buffer.byteLength(b), 0);
function bench(name, fn, secs = 2) {
  for (const b of bodies) fn(b);
  let n = 0; const t = performance.now(); let el = 0;
  do { for (const b of bodies) fn(b); n++; el = (performance.now() - t) / 1000; } while (el < secs);
  console.log(name, ((bytes * n) / 1e6 / el).toFixed(1), 'MB/s');
}
for (let round = 0; round < 2; round++) {
  bench('old deserialize', (b) => oldLib.deserialize(b));
  bench('new deserialize', (b) => newLib.deserialize(b));
  const oldValues = bodies.map((b) => oldLib.deserialize(b));
  const newValues = bodies.map((b) => newLib.deserialize(b));
  let i = 0; bench('old serialize', () => oldLib.serialize(oldValues[i++ % oldValues.length]));
  i = 0; bench('new serialize', () => newLib.serialize(newValues[i++ % newValues.length]));
}
