import { readFileSync } from 'node:fs';

/** A real peer this project's machines cannot obtain, with the reason recorded in `blocked-peers.json`. */
export type BlockedPeerName = 'pwsh-2.3' | 'pwsh-2.4';

const declared = JSON.parse(readFileSync(new URL('../blocked-peers.json', import.meta.url), 'utf8')) as Record<string, string>;

/** The reason a peer is declared blocked, or null when it must be present. */
export function blockedReason(peer: BlockedPeerName): string | null {
  return declared[peer] ?? null;
}
