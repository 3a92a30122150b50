/**
 * MS-PSRP 2.2.2.13 APPLICATION_PRIVATE_DATA: data the server's application hands every client, among it the
 * server's $PSVersionTable (as PSVersionTable in a PSPrimitiveDictionary).
 */
import { PSObject, type PsValue } from '@psrp/clixml';
import { readObject } from './message-fields.js';

export function parseApplicationPrivateData(body: PsValue): PsValue {
  const message = readObject(body, 'APPLICATION_PRIVATE_DATA');
  const data = message.get('ApplicationPrivateData');
  return data instanceof PSObject || data === null || data === undefined ? (data ?? null) : data;
}
