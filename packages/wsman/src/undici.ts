/**
 * @module @psrp/wsman/undici
 * The Node engine for WSManClient: undici sockets pinned per connection (NTLM, Negotiate and Kerberos
 * need them), HTTPS with a custom CA, client certificates and channel bindings, and the optional
 * `kerberos` module loaded on demand.
 *
 * @example
 * import { WSManClient } from '@psrp/wsman';
 * import { UndiciEngine } from '@psrp/wsman/undici';
 * const client = new WSManClient({
 *   endpoint: 'http://server:5985/wsman',
 *   engine: new UndiciEngine(),
 *   auth: { kind: 'ntlm', username: 'DOMAIN\\user', password },
 * });
 */
export { UndiciEngine, type UndiciEngineOptions, type UndiciTlsOptions } from './http/undici-engine.js';
