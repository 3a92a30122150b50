/**
 * @module http/basic-auth
 * The Authorization header for HTTP Basic (RFC 7617, UTF-8 charset). Runtime neutral: TextEncoder
 * and btoa exist in Node, Deno, Bun, workerd and browsers.
 */

/** 'Basic ' + base64(UTF-8 "username:password"). */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
