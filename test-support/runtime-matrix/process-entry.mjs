/**
 * Node, Deno and Bun run this file with a contract's URL and the context as JSON; it prints the contract's report as
 * one `RESULT {...}` line for run-matrix.mjs.
 */
const [contract, context] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const { run } = await import(contract);
console.log(`RESULT ${JSON.stringify(await run(JSON.parse(context)))}`);
