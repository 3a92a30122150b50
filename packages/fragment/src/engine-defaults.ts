/**
 * @module What 'auto' chooses, decided by bench/ (results in bench/results/fragment.json, figures
 * in the README): the first path in each list that the runtime offers.
 */
import type { Base64Path, FragmentPath } from './engine.js';

/** Fragment writing and reassembly. */
export const FRAGMENT_PATH_PREFERENCE: readonly FragmentPath[] = ['ts', 'wasm'];

/** base64, fastest first. */
export const BASE64_PATH_PREFERENCE: readonly Base64Path[] = ['buffer', 'uint8array', 'wasm', 'ts'];
