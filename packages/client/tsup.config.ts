import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig(libraryBuild(['src/index.ts', 'src/process.ts', 'src/ssh.ts', 'src/pipe.ts', 'src/protocol.ts']));
