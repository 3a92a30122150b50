/**
 * @module psrp-testkit: real peers for the test suites (never published).
 */
export { peersDirectory } from './peers-directory.js';
export { blockedReason, type BlockedPeerName } from './blocked-peers.js';
export { installPwsh, type InstalledPwsh, type InstallAttempt, type PwshInstallReport } from './pwsh/install-pwsh.js';
export { PWSH_PEERS, type PwshPeerSpec } from './pwsh/pwsh-versions.js';
export { ReplayServer, type ReplayServerOptions } from './replay/replay-server.js';
export { loadRecording, parseRecording, type RecordedExchange, type InjectedFault, type RequestOverride } from './replay/recording.js';
export { recordingsDirectory, recordingPath } from './replay/recordings-directory.js';
export { ReplayError, ReplayRecordingError, RecordingsMissingError, REPLAY_ERROR_CODES, type ReplayErrorCode } from './replay/errors.js';
