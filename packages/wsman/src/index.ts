/**
 * @module @psrp/wsman
 * WS-Management (MS-WSMV) client over fetch: SOAP envelopes, HTTP with Basic auth, WinRS shells.
 */
export { WSManClient, DEFAULT_MAX_ENVELOPE_SIZE, DEFAULT_OPERATION_TIMEOUT_SECONDS, DEFAULT_LOCALE, DEFAULT_MAX_RESPONSE_BYTES } from './wsman-client.js';
export type { WSManClientOptions, WSManAuth, CreateShellOptions } from './wsman-client.js';
export type { WSManRequest, WSManRequester } from './wsman-request.js';
export { WSManShell } from './shell/wsman-shell.js';
export type { ReceiveResult, ReceivedStream, CommandState } from './shell/shell-responses.js';
export type { OpenContent } from './shell/shell-bodies.js';
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
export type { WSManErrorCode, WSManFaultDetail } from './errors.js';
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
