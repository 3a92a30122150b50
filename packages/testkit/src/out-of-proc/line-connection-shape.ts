/**
 * @module out-of-proc/line-connection-shape
 * The shape of @psrp/client's `LineConnection`, declared again here on purpose: @psrp/client has the testkit as a
 * devDependency, so importing it back would make a build-order cycle. TypeScript is structural, so a peer that fits
 * this shape is accepted wherever the client wants a LineConnection; the client's tests prove the two agree.
 */

/** How the peer ended: `pwsh -s` exits 0 on EOF or an empty line, 4000 on a protocol violation. */
export interface PeerEnd {
  readonly exitCode: number | null;
  readonly stderr: string;
}

/** One line-oriented duplex connection, as the client's out-of-proc transport drives it. */
export interface LineConnectionShape {
  writeLine(line: string): Promise<void>;
  readonly lines: AsyncIterable<string>;
  close(): Promise<PeerEnd>;
  ended(): Promise<PeerEnd>;
  readonly description: string;
}
