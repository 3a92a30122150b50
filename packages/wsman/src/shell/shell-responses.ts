/**
 * @module shell/shell-responses
 * Reads the answers to Create (rsp:Shell / w:SelectorSet), Command (rsp:CommandResponse) and
 * Receive (rsp:ReceiveResponse).
 */
import { WSManProtocolError } from '../errors.js';
import { NS_SHELL, NS_WSMAN } from '../namespaces.js';
import { NS_ENUMERATION } from './shell-actions.js';
import { findChild, findChildren, findDescendant, type XmlElement } from '../soap/xml-element.js';

export interface ReceivedStream {
  name: string;
  commandId: string | null;
  /** Base64 as sent by the server, possibly ''. */
  data: string;
  end: boolean;
}

export interface CommandState {
  commandId: string | null;
  /** The last path segment of the State URI: 'Done', 'Running', 'Pending'. */
  state: string;
  exitCode: number | null;
}

export interface ReceiveResult {
  streams: ReceivedStream[];
  commandState: CommandState | null;
  /** The server's OperationTimeout passed with no output (a w:TimedOut fault): receive again. */
  timedOut: boolean;
}

/** The ShellId a Create response assigns: rsp:Shell/rsp:ShellId, else the ShellId selector. */
export function readShellId(body: XmlElement): string {
  const shellId = findDescendant(body, NS_SHELL, 'ShellId')?.text.trim();
  if (shellId) return shellId;
  const selectorSet = findDescendant(body, NS_WSMAN, 'SelectorSet');
  const selector = selectorSet === undefined ? undefined : findChildren(selectorSet, NS_WSMAN, 'Selector').find((item) => item.attributes.get('Name') === 'ShellId');
  const fromSelector = selector?.text.trim();
  if (fromSelector) return fromSelector;
  throw new WSManProtocolError('The Create response carries no ShellId', 'Create');
}

export function readCommandId(body: XmlElement): string {
  const commandId = findDescendant(body, NS_SHELL, 'CommandId')?.text.trim();
  if (!commandId) throw new WSManProtocolError('The Command response carries no CommandId', 'Command');
  return commandId;
}

function lastSegment(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

function parseExitCode(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) ? value : null;
}

export function readReceiveResponse(body: XmlElement): ReceiveResult {
  const response = findChild(body, NS_SHELL, 'ReceiveResponse');
  if (response === undefined) throw new WSManProtocolError('The Receive response carries no rsp:ReceiveResponse', 'Receive');
  const streams = findChildren(response, NS_SHELL, 'Stream').map((stream) => ({
    name: stream.attributes.get('Name') ?? '',
    commandId: stream.attributes.get('CommandId') ?? null,
    data: stream.text.trim(),
    end: stream.attributes.get('End')?.toLowerCase() === 'true',
  }));
  const state = findChild(response, NS_SHELL, 'CommandState');
  const commandState =
    state === undefined
      ? null
      : {
          commandId: state.attributes.get('CommandId') ?? null,
          state: lastSegment(state.attributes.get('State') ?? ''),
          exitCode: parseExitCode(findChild(state, NS_SHELL, 'ExitCode')?.text),
        };
  return { streams, commandState, timedOut: false };
}

/** The open content a Connect response carries (PowerShell's connectResponseXml), or null. */
export function readConnectResponse(body: XmlElement): { openContent: string | null } {
  const response = findChild(body, NS_SHELL, 'ConnectResponse');
  if (response === undefined) throw new WSManProtocolError('The Connect response carries no rsp:ConnectResponse', 'Connect');
  const open = response.children.find((child) => child.namespace !== NS_SHELL);
  const text = open?.text.trim();
  return { openContent: text ? text : null };
}

/** One page of a WS-Enumeration: its items, and the context to Pull the next page with (null at the end). */
export interface EnumerationPage {
  items: XmlElement[];
  context: string | null;
}

/** Reads an EnumerateResponse (with OptimizeEnumeration's w:Items) or a PullResponse (wsen:Items). */
export function readEnumerationPage(body: XmlElement, action: 'Enumerate' | 'Pull'): EnumerationPage {
  const response = findChild(body, NS_ENUMERATION, `${action}Response`);
  if (response === undefined) throw new WSManProtocolError(`The ${action} response carries no ${action}Response`, action);
  const items = findChild(response, NS_WSMAN, 'Items') ?? findChild(response, NS_ENUMERATION, 'Items');
  const ended = findChild(response, NS_WSMAN, 'EndOfSequence') !== undefined || findChild(response, NS_ENUMERATION, 'EndOfSequence') !== undefined;
  const context = findChild(response, NS_ENUMERATION, 'EnumerationContext')?.text.trim() ?? '';
  return { items: items === undefined ? [] : [...items.children], context: ended || context === '' ? null : context };
}

/** A shell as the server describes it (rsp:Shell of a Get or an Enumerate, MS-WSMV 2.2.4.37). */
export interface ShellInfo {
  shellId: string;
  resourceUri: string;
  /** The name given at creation (New-PSSession -Name), or null. */
  name: string | null;
  owner: string | null;
  clientIp: string | null;
  processId: number | null;
  /** 'Connected' or 'Disconnected' (servers that support disconnection); null when absent. */
  state: string | null;
  /** Seconds the server keeps the shell without a client; null when absent. */
  idleTimeoutSeconds: number | null;
  maxIdleTimeoutSeconds: number | null;
  /** 'Block' or 'Drop'; null when absent. */
  bufferMode: string | null;
  inputStreams: string[];
  outputStreams: string[];
  /** Seconds since the shell was created, and since it was last used. */
  shellRunTimeSeconds: number | null;
  shellInactivitySeconds: number | null;
}

const DURATION_PATTERN = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const SECONDS_PER_DAY = 86400;
const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_MINUTE = 60;

/** Seconds of an xs:duration without years or months ('PT7200.000S', 'P0DT0H0M9S'); null when unreadable. */
export function parseDuration(text: string | undefined): number | null {
  const match = text === undefined ? null : DURATION_PATTERN.exec(text.trim());
  if (!match || text!.trim() === 'P' || text!.trim().endsWith('T')) return null;
  const [, negative, days, hours, minutes, seconds] = match;
  const total =
    Number(days ?? 0) * SECONDS_PER_DAY + Number(hours ?? 0) * SECONDS_PER_HOUR + Number(minutes ?? 0) * SECONDS_PER_MINUTE + Number(seconds ?? 0);
  return negative ? -total : total;
}

function childText(parent: XmlElement, localName: string): string | null {
  const value = findChild(parent, NS_SHELL, localName)?.text.trim();
  return value ? value : null;
}

function words(text: string | null): string[] {
  return text === null ? [] : text.split(/\s+/).filter((word) => word !== '');
}

export function readShellInfo(shell: XmlElement): ShellInfo {
  const shellId = childText(shell, 'ShellId');
  if (shellId === null) throw new WSManProtocolError('A shell description carries no ShellId', 'Enumerate');
  const processId = childText(shell, 'ProcessId');
  return {
    shellId,
    resourceUri: childText(shell, 'ResourceUri') ?? '',
    name: childText(shell, 'Name'),
    owner: childText(shell, 'Owner'),
    clientIp: childText(shell, 'ClientIP'),
    processId: processId === null || !Number.isSafeInteger(Number(processId)) ? null : Number(processId),
    state: childText(shell, 'State'),
    idleTimeoutSeconds: parseDuration(childText(shell, 'IdleTimeOut') ?? undefined),
    maxIdleTimeoutSeconds: parseDuration(childText(shell, 'MaxIdleTimeOut') ?? undefined),
    bufferMode: childText(shell, 'BufferMode'),
    inputStreams: words(childText(shell, 'InputStreams')),
    outputStreams: words(childText(shell, 'OutputStreams')),
    shellRunTimeSeconds: parseDuration(childText(shell, 'ShellRunTime') ?? undefined),
    shellInactivitySeconds: parseDuration(childText(shell, 'ShellInactivity') ?? undefined),
  };
}

/** The CommandId of one enumerated command (rsp:Command/@CommandId or its rsp:CommandId child). */
export function readEnumeratedCommandId(command: XmlElement): string | null {
  const id = command.attributes.get('CommandId') ?? findChild(command, NS_SHELL, 'CommandId')?.text.trim();
  return id ? id : null;
}
