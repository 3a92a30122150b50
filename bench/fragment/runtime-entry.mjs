/**
 * Runs the suite under the runtime that executes this file (node, deno run, bun) and prints
 * one JSON line: { runtime, result }. Progress goes to stderr.
 */
import * as fragment from '../../packages/fragment/dist/index.js';
import { runSuite } from './suite.mjs';

function runtime() {
  if (typeof globalThis.Deno === 'object') return { name: 'deno', version: globalThis.Deno.version.deno, engine: `V8 ${globalThis.Deno.version.v8}` };
  if (typeof globalThis.Bun === 'object') return { name: 'bun', version: globalThis.Bun.version, engine: 'JavaScriptCore' };
  return { name: 'node', version: process.versions.node, engine: `V8 ${process.versions.v8}` };
}

const sizesArgument = process.argv.find((argument) => argument.startsWith('--sizes='));
const sizes = sizesArgument ? sizesArgument.split('=')[1].split(',').map(Number) : undefined;
const result = await runSuite(fragment, { sizes, log: (line) => console.error(`[${runtime().name}] ${line}`) });
console.log(JSON.stringify({ runtime: runtime(), result }));
