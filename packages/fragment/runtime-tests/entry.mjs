/** Runs the contract under the runtime executing this file (node, deno run, bun); prints one JSON line. */
import * as fragment from '../dist/index.js';
import { runContract } from './contract.mjs';

console.log(JSON.stringify(await runContract(fragment)));
