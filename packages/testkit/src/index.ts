/**
 * @module psrp-testkit: real peers for the test suites (never published).
 */
export { peersDirectory } from './peers-directory.js';
export { ensureDebianPackages } from './debian-packages.js';
export { blockedReason, type BlockedPeerName } from './blocked-peers.js';
export { installPwsh, requirePwsh, type InstalledPwsh, type InstallAttempt, type PwshInstallReport } from './pwsh/install-pwsh.js';
export { PWSH_PEERS, type PwshPeerSpec } from './pwsh/pwsh-versions.js';
export { startPwshPipeServer, type PwshPipeServer, type PwshPipeServerOptions } from './pwsh/pipe-server.js';
export { startSshd, installSshd, ensureSshTestUser, descendantsOf, SSH_TEST_USER, type SshdOptions, type RunningSshd } from './ssh/sshd.js';
export { startSshAgent, type RunningSshAgent } from './ssh/ssh-agent.js';
export { ReplayServer, type ReplayServerOptions } from './replay/replay-server.js';
export {
  TIMED_OUT_FAULT,
  SHELL_NOT_FOUND_FAULT,
  QUOTA_FAULT,
  ACCESS_DENIED_FAULT,
  wsmanFaultEnvelope,
  type InjectedReplayFault,
  type WSManFaultShape,
} from './replay/injected-faults.js';
export { loadRecording, parseRecording, type RecordedExchange, type InjectedFault, type RequestOverride } from './replay/recording.js';
export { recordingsDirectory, recordingPath } from './replay/recordings-directory.js';
// The recordings' PSRP messages as every package's tests decode them (test-support/, bundled here for the benches).
export { recordedPsrpMessages, type RecordedPsrpMessage } from '../../../test-support/recorded-messages.js';
export { ReplayError, ReplayRecordingError, RecordingsMissingError, REPLAY_ERROR_CODES, type ReplayErrorCode } from './replay/errors.js';
export {
  OutOfProcReplayPeer,
  COMMAND_TRANSPORT_ERROR_LINE,
  type OutOfProcReplayPeerOptions,
  type TranscriptLine,
  type ReceivedClientMessage,
} from './out-of-proc/out-of-proc-replay-peer.js';
export { slowPeerLines } from './out-of-proc/slow-peer-lines.js';
export { loadRecordedServer, readRecordedServer, type RecordedServer, type RecordedPipeline, type RecordedMessage } from './out-of-proc/recorded-server.js';
export { parseClientLine, MAX_CLIENT_LINE_CHARS, type ClientPacket, type ParsedClientLine } from './out-of-proc/client-line-parser.js';
export {
  OUT_OF_PROC_RULES,
  PWSH_EXIT_CODE_PROTOCOL_ERROR,
  PWSH_EXIT_CODE_SESSION_ENDED,
  type OutOfProcRule,
  type OutOfProcViolation,
} from './out-of-proc/violation.js';
export { ensureAuthPeers, AUTH_PEER_PACKAGES, SYSTEM_PYTHON } from './winrm-endpoint/auth-peers.js';
export { startKdc, TEST_REALM, EXPIRING_TICKET_SECONDS, type Kdc, type KdcUser, type KdcOptions } from './winrm-endpoint/kdc.js';
export { makeTestCertificates, type TestCertificates } from './winrm-endpoint/test-certificates.js';
export {
  startWinRMEndpoint,
  type WinRMEndpoint,
  type WinRMEndpointOptions,
  type EndpointUser,
  type EndpointStats,
  type EndpointRequest,
} from './winrm-endpoint/winrm-endpoint.js';

/** The path of the replay-pwsh executable script (run it with node). */
export const REPLAY_PWSH_SCRIPT = new URL('./replay-pwsh.js', import.meta.url);
