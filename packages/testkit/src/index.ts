/**
 * @module psrp-testkit: real peers for the test suites (never published).
 */
export { peersDirectory } from './peers-directory.js';
export { blockedReason, type BlockedPeerName } from './blocked-peers.js';
export { installPwsh, type InstalledPwsh, type InstallAttempt, type PwshInstallReport } from './pwsh/install-pwsh.js';
export { PWSH_PEERS, type PwshPeerSpec } from './pwsh/pwsh-versions.js';
