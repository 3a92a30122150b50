import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Real peers are installed under the repository's ignored `.peers/` folder, shared by every package's tests. */
export function peersDirectory(): string {
  return process.env.PSRP_PEERS_DIR ?? join(fileURLToPath(new URL('../../..', import.meta.url)), '.peers');
}
