/**
 * The PowerShell servers the suites run against: one per PSRP protocol version that changed behaviour.
 * 2.3 (7.4.x, 7.5.x) still uses the session-key exchange; 2.4 (7.6.x) dropped it.
 * Candidates are tried newest first; the NuGet copy reachable from a machine may hold only some.
 */
export interface PwshPeerSpec {
  readonly protocol: '2.3' | '2.4';
  readonly candidates: readonly string[];
}

export const PWSH_PEERS: readonly PwshPeerSpec[] = [
  { protocol: '2.3', candidates: ['7.5.4', '7.5.3', '7.5.2', '7.5.1', '7.5.0', '7.4.13', '7.4.12', '7.4.11', '7.4.10', '7.4.7', '7.4.6'] },
  { protocol: '2.4', candidates: ['7.6.2', '7.6.1', '7.6.0'] },
];

/** The NuGet ids that ship a runnable PowerShell: the .NET tool, or the SDK to host it ourselves. */
export const PWSH_TOOL_PACKAGE = 'PowerShell';
