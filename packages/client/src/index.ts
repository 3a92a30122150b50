/**
 * @module @psrp/client: the PowerShell Remoting Protocol client. Open a RunspacePool over a transport, build a
 * PowerShell, invoke it, and read deserialized objects and records back. Runtime-neutral; Node-only transports
 * live behind `@psrp/client/process`; the protocol core (machine, message catalog, packet codec) behind
 * `@psrp/client/protocol`.
 *
 * @example
 * const pool = await RunspacePool.open(new WSManTransport({ endpoint: 'https://server:5986/wsman', auth }));
 * const dates = await pool.createPowerShell().addCommand('Get-Date').invoke();
 * await pool.close();
 */
export {
  RunspacePool,
  DEFAULT_MAX_RECEIVED_OBJECT_BYTES,
  DEFAULT_OPEN_TIMEOUT_MS,
  DEFAULT_CANCEL_TIMEOUT_MS,
  DEFAULT_MAX_BUFFERED_BYTES_PER_COMMAND,
  type RunspacePoolOptions,
} from './api/runspace-pool.js';
export { PowerShell, type InvokeOptions } from './api/powershell.js';
export { ConnectedPipeline } from './api/connected-pipeline.js';
export type { DisconnectOptions, ReconnectOptions, OutputBufferingMode } from './transport/disconnectable.js';
export {
  invokeOnMany,
  DEFAULT_FAN_OUT_THROTTLE,
  type FanOutTarget,
  type FanOutPool,
  type FanOutContext,
  type FanOutEvent,
  type FanOutStage,
  type FanOutWork,
  type InvokeOnManyOptions,
} from './api/fan-out.js';
export type { PipelineEvent, PipelineStreams } from './api/pipeline-event.js';
export type {
  PSHost,
  PSHostUserInterface,
  PSHostRawUserInterface,
  HostTextColors,
  HostCredential,
  PromptAnswer,
  Coordinates,
  Size,
  Rectangle,
  ConsoleColor,
  KeyInfo,
  BufferCell,
  ChoiceDescription,
  FieldDescription,
} from './api/ps-host.js';
export { createDefaultHost, type DefaultHostOptions, type HostWriteEvent } from './api/default-host.js';
export { SecureString, type ClientValue } from './protocol/secure-string.js';
export type { MergeableStream } from './protocol/create-pipeline.js';
export { CommandTypes, type CommandMetadataQuery, type CommandTypeName } from './protocol/command-metadata.js';
export { ErrorRecord, type ErrorCategoryInfo } from './protocol/error-record.js';
export { InformationalRecord } from './protocol/informational-record.js';
export { InformationRecord } from './protocol/information-record.js';
export { ProgressRecord } from './protocol/progress-record.js';
export type { RunspacePoolStateName } from './protocol/runspace-pool-state.js';
export type { PSInvocationStateName } from './protocol/pipeline-state.js';
export { PROTOCOL_VERSION_2_3, PROTOCOL_VERSION_2_4 } from './protocol/protocol-version.js';
export type { PsrpTransport, TransportPayload, InboundData, PipelineFlowControl } from './transport/transport.js';
export type { LineConnection, ConnectionEnd } from './transport/out-of-proc/line-connection.js';
export { OutOfProcTransport, OUT_OF_PROC_PAYLOAD_BYTES } from './transport/out-of-proc/out-of-proc-transport.js';
export { connectStreams, StreamConnection, type StreamPeer } from './transport/streams/connect-streams.js';
export {
  WSManTransport,
  payloadBytesForEnvelope,
  powerShellResourceUri,
  DEFAULT_CONFIGURATION_NAME,
  MAX_ENVELOPE_SIZE_V3,
  MIN_IDLE_TIMEOUT_MS,
  type WSManTransportOptions,
} from './transport/wsman/wsman-transport.js';
export { listWSManPools, type WSManPoolInfo, type ListWSManPoolsOptions } from './transport/wsman/wsman-pools.js';
export {
  PsrpError,
  PsrpProtocolError,
  PsrpDecodeError,
  PsrpLimitError,
  PsrpInvalidStateError,
  PsrpArgumentError,
  PsrpNegotiationError,
  RunspacePoolBrokenError,
  PipelineFailedError,
  PipelineStoppedError,
  PsrpTransportError,
  PsrpConnectionClosedError,
  PsrpHostKeyError,
  PsrpAuthenticationError,
  PsrpSshConfigError,
  PsrpAbortedError,
  PsrpTimeoutError,
  PsrpHostError,
} from './errors.js';
