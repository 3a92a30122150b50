// @ts-expect-error -- a plain .mjs build script without declarations
import { buildWasm } from '../scripts/build-wasm.mjs';

export default async function setup(): Promise<void> {
  await buildWasm();
}
