/**
 * @module What 'auto' chooses, decided by bench/ (results in bench/results/fragment.json, figures
 * in the README): the first path in each list that the runtime offers.
 */
import type { Base64Path, FragmentPath } from './engine.js';

/** Fragment writing and reassembly. */
export const FRAGMENT_PATH_PREFERENCE: readonly FragmentPath[] = ['ts', 'wasm'];

/**
 * base64, fastest first. Uint8Array.fromBase64 beat Deno's Buffer (which is JS over its own
 * core) and is the standard; Node 20 has only Buffer; browsers only fromBase64 (recent ones) or
 * wasm; wasm beat the TS path everywhere, by 2-4x.
 */
export const BASE64_PATH_PREFERENCE: readonly Base64Path[] = ['uint8array', 'buffer', 'wasm', 'ts'];
