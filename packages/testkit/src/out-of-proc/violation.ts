/**
 * @module out-of-proc/violation
 * The out-of-proc rules the replay peer enforces, and what it records when a client breaks one. Most are the
 * rules `pwsh -s` enforces itself (its StdIOProcessMediator writes the error to stderr and exits with 4000); the
 * rest are the ack discipline PowerShell's own client keeps, checked from the client's side, which pwsh does not
 * check but silently depends on (it processes un-acked lines out of order). The peer ends the session on both.
 */

/** `pwsh -s` exit code after an unhandled error while handling a line (EXITCODE_UNHANDLED_EXCEPTION, 0x0FA0). */
export const PWSH_EXIT_CODE_PROTOCOL_ERROR = 4000;
/** `pwsh -s` exit code after EOF or an empty line on stdin. */
export const PWSH_EXIT_CODE_SESSION_ENDED = 0;

export const OUT_OF_PROC_RULES = {
  /** A line longer than any 32 KiB payload can make: hostile or broken input, refused before parsing. */
  lineTooLong: 'line-too-long',
  /** Not well-formed XML, a DOCTYPE, an entity reference, a duplicate attribute. */
  malformedXml: 'malformed-xml',
  /** Whitespace or text around elements, a comment or a processing instruction (pwsh skips the last two; no client writes them). */
  unknownNode: 'unknown-node',
  /** An element name pwsh does not know. */
  unknownElement: 'unknown-element',
  /** `<Data>` without exactly 2 attributes, any other element without exactly 1. */
  attributeCount: 'attribute-count',
  /** The right number of attributes, but not Stream and PSGuid. */
  missingAttribute: 'missing-attribute',
  /** A Stream other than Default or PromptResponse. */
  badStream: 'bad-stream',
  /** A PSGuid that .NET's `new Guid(string)` would not read. */
  badGuid: 'bad-guid',
  /** `<Data>` with no base64 text, or text that is not base64. */
  badBase64: 'bad-base64',
  /** `<DataAck>`, `<CommandAck>`, `<CloseAck>` or `<SignalAck>` from the client: only the server sends those. */
  clientSentAck: 'client-sent-ack',
  /** `<Signal>` for the zero GUID: only a pipeline can be signalled. */
  signalForSession: 'signal-for-session',
  /** Fragments that do not reassemble (sequence, size) or a message that is not addressed as it travels. */
  badMessage: 'bad-message',
  /** Client discipline: a second `<Data>` for a PSGuid before the server sent the DataAck for the first. */
  dataBeforeAck: 'data-before-ack',
  /** Client discipline: pipeline `<Data>` before the server sent its CommandAck (or for no open pipeline). */
  dataBeforeCommandAck: 'data-before-command-ack',
  /** Client discipline: `<Command>` for the zero GUID, which names the session, not a pipeline. */
  commandForSession: 'command-for-session',
  /** Client discipline: `<Command>` for a PSGuid that is already an open pipeline. */
  commandReused: 'command-reused',
  /**
   * Client discipline: a pipeline's `<Data>` after its `<Signal>`. pwsh takes it and creates (starts) the pipeline the
   * client already stopped: its CREATE_PIPELINE written after a stop that came first (seen on pwsh 7.6.10).
   */
  dataAfterSignal: 'data-after-signal',
  /**
   * Client discipline: a pipeline's `<Signal>` while its `<Command>` or a `<Data>` of it awaits its ack. pwsh handles
   * each line on a thread-pool thread of its own: the Signal may close the command while its CREATE_PIPELINE is
   * handled, and pwsh then reports a transport error, which ends a session over SSH or a named pipe.
   */
  signalBeforeAck: 'signal-before-ack',
  /** Client discipline: anything after the session's CloseAck but the end of input. */
  afterSessionClose: 'after-session-close',
} as const;

export type OutOfProcRule = (typeof OUT_OF_PROC_RULES)[keyof typeof OUT_OF_PROC_RULES];

/** One broken rule, as the peer recorded it before exiting with 4000. */
export interface OutOfProcViolation {
  readonly rule: OutOfProcRule;
  /** What went wrong, as the peer wrote it to stderr. */
  readonly message: string;
  /** The client line that broke the rule (cut to a readable length). */
  readonly line: string;
}

/** A parsed line is either its packets or the one rule it broke. */
export interface RuleBreak {
  readonly rule: OutOfProcRule;
  readonly message: string;
}
