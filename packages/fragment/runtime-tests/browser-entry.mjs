/** Bundled by run.mjs for headless Chromium; exposes FragmentContract.run(). */
import * as fragment from '../dist/index.js';
import { runContract } from './contract.mjs';

export const run = () => runContract(fragment);
