/**
 * The PowerShell servers the suites run against: one per PSRP protocol version that changed behaviour.
 * 2.3 (7.4.x, 7.5.x) still uses the session-key exchange; 2.4 (7.6.x) dropped it. Each is built as a console
 * host on Microsoft.PowerShell.SDK of that version; candidates are tried newest first.
 */
export interface PwshCandidate {
  readonly version: string;
  /** The framework that SDK version targets. */
  readonly framework: string;
}

export interface PwshPeerSpec {
  readonly protocol: '2.3' | '2.4';
  readonly candidates: readonly PwshCandidate[];
}

export const PWSH_PEERS: readonly PwshPeerSpec[] = [
  {
    protocol: '2.3',
    candidates: [
      { version: '7.5.4', framework: 'net9.0' },
      { version: '7.4.13', framework: 'net8.0' },
    ],
  },
  { protocol: '2.4', candidates: [{ version: '7.6.10', framework: 'net10.0' }] },
];

/** The NuGet package a host is built on. */
export const PWSH_SDK_PACKAGE = 'Microsoft.PowerShell.SDK';
