import { defineConfig } from 'tsup';
import { nodeBuild } from '../../tsup.base.js';

// An application: nothing imports its types.
export default defineConfig(nodeBuild(['src/cli.ts'], { dts: false }));
