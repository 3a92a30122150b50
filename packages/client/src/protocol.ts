/**
 * @module @psrp/client/protocol: the sans-IO protocol core for tools and test peers: the runspace pool machine,
 * the message catalog, message builders and parsers, and the out-of-proc packet codec. Not the user's API (that
 * is `@psrp/client`); these names may change with the protocol work.
 */
export { RunspacePoolMachine, EMPTY_GUID, type RunspacePoolMachineOptions } from './protocol/runspace-pool-machine.js';
export type { PsrpEvent, PipelineRecordEvent, InformationalStream } from './protocol/events.js';
export { OutboundQueue, type OutboundPayload, type PayloadStream } from './protocol/outbound-queue.js';
export { MessageType, messageTypeName, type MessageTypeName, type MessageTypeValue } from './protocol/message-type.js';
export { RunspacePoolState, runspacePoolStateName, type RunspacePoolStateValue } from './protocol/runspace-pool-state.js';
export { PSInvocationState, invocationStateName, type PSInvocationStateValue } from './protocol/pipeline-state.js';
export { buildCreatePipeline, type CommandSpec, type CommandParameter, type PipelineSpec } from './protocol/create-pipeline.js';
export { buildInitRunspacePool } from './protocol/init-runspace-pool.js';
export { buildSessionCapability, parseSessionCapability, type SessionCapability } from './protocol/session-capability.js';
export { buildHostInfo, buildNullHostInfo } from './protocol/host-info.js';
export { HostMethodId, hostMethodName, isVoidHostMethod } from './protocol/host-method.js';
export { parseHostCall, buildHostResponse, type HostCall, type HostResult } from './protocol/host-call.js';
export { generateRsaKeyPair, SessionKey, type RsaKeyPair } from './protocol/session-key.js';
export { compareVersions, PROTOCOL_VERSION_2_3, PROTOCOL_VERSION_2_4 } from './protocol/protocol-version.js';
export { parsePacket, encodeDataPacket, encodeControlPacket, MAX_PACKET_LINE_CHARS, type OutOfProcPacket, type ControlKind } from './transport/out-of-proc/packet.js';
