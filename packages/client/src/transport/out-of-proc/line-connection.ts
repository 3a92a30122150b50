/**
 * What the out-of-proc transport needs from a byte pipe: write a line, read lines, close. Implementations:
 * a child process's stdio (`@psrp/client/process`), an SSH subsystem channel, a named pipe.
 */
export interface LineConnection {
  /** Writes one line; the connection adds the line ending. */
  writeLine(line: string): Promise<void>;
  /** Lines from the peer without their endings (`\n` or `\r\n`); ends when the peer closes. */
  readonly lines: AsyncIterable<string>;
  /** Ends the connection; resolves once the peer is gone. Describes how it ended when it knows. */
  close(): Promise<ConnectionEnd>;
}

export interface ConnectionEnd {
  readonly exitCode: number | null;
  readonly stderr: string;
}
