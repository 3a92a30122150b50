/**
 * Protocol versions (MS-PSRP 2.2.2.1 and PowerShell's RemotingConstants). 2.3 added the information stream;
 * 2.4 (PowerShell 7.6) retired the session-key exchange, leaving confidentiality to the transport.
 */
export const PROTOCOL_VERSION_2_3 = '2.3';
export const PROTOCOL_VERSION_2_4 = '2.4';
/** PowerShell always announces PSVersion 2.0 so that old peers negotiate. */
export const CAPABILITY_PS_VERSION = '2.0';
export const SERIALIZATION_VERSION = '1.1.0.1';

export type ProtocolVersion = typeof PROTOCOL_VERSION_2_3 | typeof PROTOCOL_VERSION_2_4;

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
