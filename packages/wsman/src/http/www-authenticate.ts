/**
 * @module http/www-authenticate
 * Reading WWW-Authenticate (RFC 9110 11.6.1) as WinRM sends it: the schemes offered
 * (`Negotiate, Kerberos, Basic realm="WSMAN"`) and the token of one scheme (`Negotiate <base64>`).
 */
import { fromBase64 } from '../bytes.js';

/** The auth schemes named in a WWW-Authenticate header, in order. */
export function offeredSchemes(header: string | null): string[] {
  return (header ?? '')
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((scheme) => /^[A-Za-z][\w-]*$/.test(scheme) && !scheme.includes('='));
}

/** The base64 token that follows `scheme` in a WWW-Authenticate header, decoded; null when there is none. */
export function schemeToken(header: string | null, scheme: string): Uint8Array | null {
  if (header === null) return null;
  for (const part of header.split(',')) {
    const match = /^\s*([A-Za-z][\w-]*)\s+([A-Za-z0-9+/]+={0,2})\s*$/.exec(part);
    if (match !== null && match[1]!.toLowerCase() === scheme.toLowerCase()) {
      try {
        return fromBase64(match[2]!);
      } catch {
        return null;
      }
    }
  }
  return null;
}
