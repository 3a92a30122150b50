/**
 * What the out-of-proc transport needs from a byte pipe: write a line, read lines, close. Implementations:
 * a child process's stdio (`@psrp/client/process`), an SSH subsystem channel, a named pipe.
 */
export interface LineConnection {
  /**
   * Writes one line, or several joined by `\n`, in one write; the connection adds the last line ending. (The transport
   * joins a held `<Close>` to the next line it writes.)
   */
  writeLine(line: string): Promise<void>;
  /** Lines from the peer without their endings (`\n` or `\r\n`); ends when the peer closes. */
  readonly lines: AsyncIterable<string>;
  /**
   * Ends the connection and resolves once the peer is gone, within a bound (a process that does not exit after
   * its input ended is killed). Describes how it ended when it knows. Safe to call more than once.
   */
  close(): Promise<ConnectionEnd>;
  /** What ended the connection, once it has ended by itself (the peer exited or hung up). */
  ended(): Promise<ConnectionEnd>;
  /** What the peer is, for messages: `the PowerShell process`, `the SSH channel`. */
  readonly description: string;
}

export interface ConnectionEnd {
  readonly exitCode: number | null;
  readonly signal?: string | null;
  readonly stderr: string;
}
