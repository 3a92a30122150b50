/**
 * @module @psrp/wsman
 * WS-Management (MS-WSMV) client: SOAP envelopes, HTTP engines, authentication (Basic, NTLM, Negotiate,
 * Kerberos, client certificates) with WinRM message sealing, WinRS shells. Runtime-neutral; the Node engine
 * that NTLM and Kerberos need is `@psrp/wsman/undici`.
 */
export { WSManClient, DEFAULT_MAX_ENVELOPE_SIZE, DEFAULT_OPERATION_TIMEOUT_SECONDS, DEFAULT_LOCALE, DEFAULT_MAX_RESPONSE_BYTES } from './wsman-client.js';
export type { WSManClientOptions, WSManAuth, CreateShellOptions } from './wsman-client.js';
export type { WSManAuthKind } from './auth/wsman-auth.js';
export { CERTIFICATE_AUTHORIZATION } from './auth/wsman-auth.js';
export type { WSManEncryption } from './auth/auth-layer.js';
export type { AuthContext, AuthMechanism, AuthTarget, MessageSealer } from './auth/auth-context.js';
export type { KerberosPlatform } from './auth/kerberos/kerberos-platform.js';
export type { WSManDebugEvent, WSManDebugHook } from './debug.js';
export { FetchEngine, type FetchEngineOptions } from './http/fetch-engine.js';
export { SOAP_CONTENT_TYPE } from './http/http-engine.js';
export type { HttpEngine, HttpConnection, HttpRequest, HttpResponse, HttpHeaders } from './http/http-engine.js';
export type { WSManRequest, WSManRequester } from './wsman-request.js';
export { WSManShell } from './shell/wsman-shell.js';
export type { ReceiveResult, ReceivedStream, CommandState } from './shell/shell-responses.js';
export type { OpenContent } from './shell/shell-bodies.js';
// Disconnected shells, enumeration and WinRS commands (shell/).
export {
  ACTION_DISCONNECT,
  ACTION_RECONNECT,
  ACTION_CONNECT,
  ACTION_ENUMERATE,
  ACTION_PULL,
  NS_ENUMERATION,
  RESOURCE_URI_SHELL,
  RESOURCE_URI_SHELL_COMMAND,
  SELECTOR_FILTER_DIALECT,
  type OutputBufferingMode,
} from './shell/shell-actions.js';
export { parseDuration, readShellInfo, type ShellInfo } from './shell/shell-responses.js';
export { enumerate, enumerateShells } from './shell/shell-enumeration.js';
export { connectShell, type ConnectShellOptions } from './shell/shell-connect.js';
export {
  runCommand,
  streamCommand,
  stdinChunkBytes,
  codepageEncoding,
  type WinRSCommandOptions,
  type WinRSChunk,
  type WinRSResult,
  type WinRSInput,
} from './shell/winrs-command.js';
export {
  WSManError,
  WSManFaultError,
  WSManHttpError,
  WSManAuthError,
  WSManTransportError,
  WSManAbortError,
  WSManTimeoutError,
  WSManParseError,
  WSManProtocolError,
  WSManOptionError,
  WSMAN_ERROR_CODES,
} from './errors.js';
export type { WSManErrorCode, WSManFaultDetail, WSManAuthFailure, WSManAuthErrorOptions } from './errors.js';
export { SIGNAL_TERMINATE, SIGNAL_CTRL_C, SIGNAL_CTRL_BREAK, SIGNAL_PS_CTRL_C } from './signals.js';
export {
  ACTION_CREATE,
  ACTION_DELETE,
  ACTION_GET,
  ACTION_COMMAND,
  ACTION_SEND,
  ACTION_RECEIVE,
  ACTION_SIGNAL,
  RESOURCE_URI_CMD,
  RESOURCE_URI_POWERSHELL,
  RESOURCE_URI_CONFIG,
} from './actions.js';
export { NS_SOAP, NS_ADDRESSING, NS_WSMAN, NS_WSMV, NS_SHELL, NS_TRANSFER, NS_WSMAN_FAULT, NS_POWERSHELL } from './namespaces.js';
export { buildEnvelope, formatDuration } from './soap/envelope-builder.js';
export type { EnvelopeHeaders, WSManOption } from './soap/envelope-builder.js';
export { parseEnvelope, parseResponse } from './soap/response-parser.js';
export type { SoapResponse } from './soap/response-parser.js';
export { parseFault, isTimedOutFault, WSMAN_FAULT_CODE_TIMED_OUT } from './soap/fault-parser.js';
export { readXml, DEFAULT_MAX_XML_CHARS, DEFAULT_MAX_XML_DEPTH } from './soap/xml-reader.js';
export type { XmlReadLimits } from './soap/xml-reader.js';
export { findChild, findChildren, findDescendant, findPath } from './soap/xml-element.js';
export type { XmlElement } from './soap/xml-element.js';
