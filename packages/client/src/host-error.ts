/**
 * The error of a host method that cannot be answered: the host is not interactive, lacks the method, or the
 * answer cannot be sent. Host dispatch turns it (like any error a user's host throws) into the exception the
 * server's pipeline sees, so a script calling Read-Host fails the way it does in a non-interactive PowerShell.
 *
 * Defined apart from errors.ts for now; it belongs with the other PsrpError classes there.
 */
import { PsrpError } from './errors.js';

export class PsrpHostError extends PsrpError {
  override readonly name = 'PsrpHostError';
  readonly code = 'PSRP_ERR_HOST';

  /** `method` is the spec name of the host method (e.g. `ReadLine`) when the error is about one. */
  constructor(
    message: string,
    readonly method: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
