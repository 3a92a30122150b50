import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

// index: runtime-neutral; node: files by path (@psrp/clixml/node), Node built-ins left to Node.
export default defineConfig(libraryBuild(['src/index.ts', 'src/node.ts'], { external: [/^node:/] }));
