/**
 * @module @psrp/client: the PowerShell Remoting Protocol client. Open a RunspacePool over a transport, build a
 * PowerShell, invoke it, and read deserialized objects and records back. Runtime-neutral; Node-only transports
 * live behind `@psrp/client/process`.
 *
 * @example
 * const pool = await RunspacePool.open(new WSManTransport({ endpoint: 'https://server:5986/wsman', auth }));
 * const dates = await pool.createPowerShell().addCommand('Get-Date').invoke();
 * await pool.close();
 */
export { RunspacePool, type RunspacePoolOptions } from './api/runspace-pool.js';
export { PowerShell, type InvokeOptions } from './api/powershell.js';
export type { PipelineEvent, PipelineStreams } from './api/pipeline-event.js';
export { ErrorRecord, type ErrorCategoryInfo } from './protocol/error-record.js';
export { InformationalRecord } from './protocol/informational-record.js';
export { InformationRecord } from './protocol/information-record.js';
export { ProgressRecord } from './protocol/progress-record.js';
export { RunspacePoolState, type RunspacePoolStateName } from './protocol/runspace-pool-state.js';
export { PSInvocationState, type PSInvocationStateName } from './protocol/pipeline-state.js';
export { MessageType, messageTypeName } from './protocol/message-type.js';
export { PROTOCOL_VERSION_2_3, PROTOCOL_VERSION_2_4 } from './protocol/protocol-version.js';
export { RunspacePoolMachine, EMPTY_GUID, type RunspacePoolMachineOptions } from './protocol/runspace-pool-machine.js';
export type { PsrpEvent, InformationalStream } from './protocol/events.js';
export type { OutboundPayload, PayloadStream } from './protocol/outbound-queue.js';
export type { CommandSpec, CommandParameter, PipelineSpec } from './protocol/create-pipeline.js';
export type { PsrpTransport, InboundData } from './transport/transport.js';
export type { LineConnection, ConnectionEnd } from './transport/out-of-proc/line-connection.js';
export { OutOfProcTransport, OUT_OF_PROC_PAYLOAD_BYTES } from './transport/out-of-proc/out-of-proc-transport.js';
export { parsePacket, encodeDataPacket, encodeControlPacket, type OutOfProcPacket } from './transport/out-of-proc/packet.js';
export {
  WSManTransport,
  payloadBytesForEnvelope,
  DEFAULT_CONFIGURATION_NAME,
  type WSManTransportOptions,
} from './transport/wsman/wsman-transport.js';
export {
  PsrpError,
  PsrpProtocolError,
  PsrpInvalidStateError,
  PsrpNegotiationError,
  RunspacePoolBrokenError,
  PipelineFailedError,
  PipelineStoppedError,
  PsrpTransportError,
  PsrpAbortedError,
} from './errors.js';
