import * as newLib from './new.mjs';
import { recordedPsrpMessages } from '/work/main/packages/testkit/dist/index.js';
const bodies = recordedPsrpMessages().filter((m) => m.direction === 'to-client' && m.data.length > 0).map((m) => m.body);
const t = performance.now();
while (performance.now() - t < 8000) for (const b of bodies) newLib.deserialize(b);
