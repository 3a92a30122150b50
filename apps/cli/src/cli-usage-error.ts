/**
 * A mistake on the command line: the message says what to write instead. The CLI prints it with the command's
 * usage and exits 2.
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'PSRP_CLI_USAGE';
}
