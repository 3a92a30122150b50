import { WSManError } from '@psrp/wsman';
import { PsrpError, PsrpProtocolError, PsrpTransportError } from '../errors.js';

/**
 * Every error that leaves the session is a PsrpError: a failure of a layer below (WSMan, a socket) is a transport
 * error with its cause; anything else is a bug below, wrapped with its cause.
 */
export function asPsrpError(error: unknown): PsrpError {
  if (error instanceof PsrpError) return error;
  if (error instanceof WSManError) return new PsrpTransportError(`The WS-Management connection failed: ${error.message}`, {}, { cause: error });
  return new PsrpProtocolError(`Unexpected failure in the runspace pool: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
