/**
 * @module replay/request-meaning
 * What a WS-Management request means, independent of its bytes: action, resource, selectors,
 * the ids it names, its streams and the PSRP messages its base64 payloads complete. Two requests
 * match when their meanings agree; message ids, shell ids, command ids and RPIDs may differ.
 */
import { Defragmenter, decodeBase64, decodeMessage, guidToBytes } from '@psrp/fragment';
import {
  NS_ADDRESSING,
  NS_POWERSHELL,
  NS_SHELL,
  NS_SOAP,
  NS_WSMAN,
  findChild,
  findChildren,
  readXml,
  type XmlElement,
} from '@psrp/wsman';
import type { RequestOverride } from './recording.js';

/** PowerShell endpoints live under this prefix; their stream and argument data are PSRP fragments. */
export const POWERSHELL_RESOURCE_PREFIX = 'http://schemas.microsoft.com/powershell/';
const MESSAGE_ID_PREFIX = 'uuid:';
const HEX_RADIX = 16;
const MESSAGE_TYPE_DIGITS = 8;

/** The header of one PSRP message a request completed; GUIDs as the 16 bytes on the wire. */
export interface PsrpMessageSummary {
  messageType: number;
  rpid: Uint8Array;
  pid: Uint8Array;
  /** The call id (`ci`) of a pool call (SET_MAX/MIN_RUNSPACES, GET_AVAILABLE_RUNSPACES, RESET_RUNSPACE_STATE). */
  callId: string | null;
}

/** Pool calls whose `ci` the server echoes in RUNSPACE_AVAILABILITY (MS-PSRP 2.2.2.6, .7, .11, .31). */
const POOL_CALL_TYPES = new Set([0x00021002, 0x00021003, 0x00021007, 0x0002100c]);
const CALL_ID_PATTERN = /<I64 N="ci">(-?\d+)<\/I64>/i; // pypsrp wrote "CI" in SET_MAX/MIN_RUNSPACES

function callIdOf(messageType: number, data: Uint8Array): string | null {
  if (!POOL_CALL_TYPES.has(messageType)) return null;
  return CALL_ID_PATTERN.exec(new TextDecoder().decode(data))?.[1] ?? null;
}

export interface RequestMeaning {
  action: string;
  resourceUri: string;
  /** wsa:MessageID without 'uuid:'. */
  messageId: string | null;
  selectors: ReadonlyMap<string, string>;
  /** wsman:Filter selectors of an Enumerate (a shell's commands are enumerated by ShellId). */
  filterSelectors: ReadonlyMap<string, string>;
  /** rsp:Shell/@ShellId of a Create (PowerShell clients choose the shell id). */
  shellId: string | null;
  /** rsp:Signal/rsp:Code of a Signal, else null. */
  signalCode: string | null;
  /** The CommandId attribute of CommandLine, Send/Stream, Receive/DesiredStream or Signal. */
  commandId: string | null;
  /** Stream names of a Send or Receive, sorted. */
  streams: readonly string[];
  /** Messages completed by this request's fragments, in order. */
  psrpMessages: readonly PsrpMessageSummary[];
  /** Why the PSRP payload could not be decoded, when it could not. */
  psrpError: string | null;
}

function text(element: XmlElement | undefined): string | null {
  const value = element?.text.trim();
  return value === undefined || value === '' ? null : value;
}

/** The shell operation element in the body (rsp:Shell, rsp:CommandLine, rsp:Send, ...), if any. */
function operationElement(body: XmlElement): XmlElement | undefined {
  return body.children.find((child) => child.namespace === NS_SHELL);
}

function commandIdOf(operation: XmlElement | undefined): string | null {
  if (operation === undefined) return null;
  const own = operation.attributes.get('CommandId');
  if (own !== undefined) return own;
  for (const child of operation.children) {
    const fromChild = child.attributes.get('CommandId');
    if (fromChild !== undefined) return fromChild;
  }
  return null;
}

function streamsOf(operation: XmlElement | undefined): string[] {
  if (operation === undefined) return [];
  if (operation.localName === 'Send') {
    return findChildren(operation, NS_SHELL, 'Stream').map((stream) => stream.attributes.get('Name') ?? '').sort();
  }
  if (operation.localName === 'Receive') {
    const desired = text(findChild(operation, NS_SHELL, 'DesiredStream')) ?? '';
    return desired.split(/\s+/).filter((name) => name !== '').sort();
  }
  return [];
}

/** Base64 PSRP payloads of a PowerShell request: creationXml/connectXml, Arguments, Send streams. */
function psrpPayloads(operation: XmlElement | undefined): string[] {
  if (operation === undefined) return [];
  const payloads: XmlElement[] = [
    ...operation.children.filter((child) => child.namespace === NS_POWERSHELL),
    ...findChildren(operation, NS_SHELL, 'Arguments'),
    ...(operation.localName === 'Send' ? findChildren(operation, NS_SHELL, 'Stream') : []),
  ];
  return payloads.map((element) => element.text.trim()).filter((payload) => payload !== '');
}

function applyOverrides(operation: XmlElement | undefined, overrides: readonly RequestOverride[], commandId: string | null): string | null {
  let result = commandId;
  for (const override of overrides) {
    const target = override.path.split('/').pop()?.split(':').pop();
    const touchesOperation =
      operation !== undefined &&
      (operation.localName === target || operation.children.some((child) => child.localName === target));
    const overridden = override.attributes.CommandId;
    if (touchesOperation && overridden !== undefined) result = overridden;
  }
  return result;
}

/**
 * Reads a request envelope. `defragmenter` carries PSRP objects across the requests of one side
 * (recorded or live), since a message may start in a Command and end in a Send.
 */
export function readRequestMeaning(
  xml: string,
  defragmenter: Defragmenter,
  overrides: readonly RequestOverride[] = [],
): RequestMeaning {
  const envelope = readXml(xml);
  const header = findChild(envelope, NS_SOAP, 'Header');
  const body = findChild(envelope, NS_SOAP, 'Body');
  const headerText = (namespace: string, name: string): string | null =>
    header === undefined ? null : text(findChild(header, namespace, name));

  const selectors = new Map<string, string>();
  const selectorSet = header === undefined ? undefined : findChild(header, NS_WSMAN, 'SelectorSet');
  for (const selector of selectorSet === undefined ? [] : findChildren(selectorSet, NS_WSMAN, 'Selector')) {
    selectors.set(selector.attributes.get('Name') ?? '', selector.text.trim());
  }

  const operation = body === undefined ? undefined : operationElement(body);
  const filterSelectors = new Map<string, string>();
  const enumerate = body?.children.find((child) => child.localName === 'Enumerate');
  const filterSet = enumerate === undefined ? undefined : findChild(enumerate, NS_WSMAN, 'Filter');
  const filterSelectorSet = filterSet === undefined ? undefined : findChild(filterSet, NS_WSMAN, 'SelectorSet');
  for (const selector of filterSelectorSet === undefined ? [] : findChildren(filterSelectorSet, NS_WSMAN, 'Selector')) {
    filterSelectors.set(selector.attributes.get('Name') ?? '', selector.text.trim());
  }
  const resourceUri = headerText(NS_WSMAN, 'ResourceURI') ?? '';
  const messageId = headerText(NS_ADDRESSING, 'MessageID');

  const psrpMessages: PsrpMessageSummary[] = [];
  let psrpError: string | null = null;
  if (resourceUri.startsWith(POWERSHELL_RESOURCE_PREFIX)) {
    try {
      for (const payload of psrpPayloads(operation)) {
        for (const bytes of defragmenter.push(decodeBase64(payload))) {
          const message = decodeMessage(bytes);
          psrpMessages.push({
            messageType: message.messageType,
            rpid: guidToBytes(message.rpid),
            pid: guidToBytes(message.pid),
            callId: callIdOf(message.messageType, message.data),
          });
        }
      }
    } catch (error) {
      psrpError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }

  return {
    action: headerText(NS_ADDRESSING, 'Action') ?? '',
    resourceUri,
    messageId: messageId?.startsWith(MESSAGE_ID_PREFIX) ? messageId.slice(MESSAGE_ID_PREFIX.length) : messageId,
    selectors,
    filterSelectors,
    shellId: operation?.localName === 'Shell' ? (operation.attributes.get('ShellId') ?? null) : null,
    signalCode: operation?.localName === 'Signal' ? text(findChild(operation, NS_SHELL, 'Code')) : null,
    commandId: applyOverrides(operation, overrides, commandIdOf(operation)),
    streams: streamsOf(operation),
    psrpMessages,
    psrpError,
  };
}

function formatMessageType(messageType: number): string {
  return `0x${messageType.toString(HEX_RADIX).padStart(MESSAGE_TYPE_DIGITS, '0')}`;
}

function lastSegment(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Every way `live` differs in meaning from `recorded`; empty when they match. */
export function compareMeanings(recorded: RequestMeaning, live: RequestMeaning): string[] {
  const differences: string[] = [];
  if (recorded.action !== live.action) {
    differences.push(`action ${lastSegment(live.action) || '(none)'} where the recording has ${lastSegment(recorded.action)}`);
  }
  if (recorded.resourceUri !== live.resourceUri) {
    differences.push(`ResourceURI ${live.resourceUri || '(none)'} where the recording has ${recorded.resourceUri}`);
  }
  const recordedSelectors = [...recorded.selectors.keys()].sort().join(',');
  const liveSelectors = [...live.selectors.keys()].sort().join(',');
  if (recordedSelectors !== liveSelectors) {
    differences.push(`selectors [${liveSelectors}] where the recording has [${recordedSelectors}]`);
  }
  const recordedFilter = [...recorded.filterSelectors.keys()].sort().join(',');
  const liveFilter = [...live.filterSelectors.keys()].sort().join(',');
  if (recordedFilter !== liveFilter) differences.push(`filter selectors [${liveFilter}] where the recording has [${recordedFilter}]`);
  if ((recorded.commandId === null) !== (live.commandId === null)) {
    differences.push(live.commandId === null ? 'no CommandId where the recording has one' : 'a CommandId where the recording has none');
  }
  if (recorded.streams.join(' ') !== live.streams.join(' ')) {
    differences.push(`streams [${live.streams.join(' ')}] where the recording has [${recorded.streams.join(' ')}]`);
  }
  if (live.psrpError !== null) differences.push(`undecodable PSRP payload (${live.psrpError})`);
  const recordedTypes = recorded.psrpMessages.map((message) => formatMessageType(message.messageType)).join(',');
  const liveTypes = live.psrpMessages.map((message) => formatMessageType(message.messageType)).join(',');
  if (recordedTypes !== liveTypes) {
    differences.push(`PSRP messages [${liveTypes}] where the recording has [${recordedTypes}]`);
  }
  return differences;
}

/**
 * Every id of `live` that is not the one the server handed out: a ShellId or CommandId selector, CommandId attribute
 * or filter selector must name, by value, the id the recorded request named, as the server handed it to the live
 * client (`expectedFor`: the live id, or null when the recorded server never handed that id out, as in a test of an
 * invalid id; then the live id must be one this server never handed out either, `handedOut`). Ids a request
 * proposes (a Create's ShellId, a Command's CommandId) are learned, not checked.
 */
export function compareIds(
  recorded: RequestMeaning,
  live: RequestMeaning,
  expectedFor: (recordedId: string) => string | null,
  handedOut: (liveId: string) => boolean,
): string[] {
  const differences: string[] = [];
  const check = (what: string, recordedId: string | null | undefined, liveId: string | null | undefined): void => {
    if (recordedId == null || liveId == null) return;
    const expected = expectedFor(recordedId);
    if (expected === null) {
      if (handedOut(liveId)) differences.push(`${what} ${liveId} where the recording names an id the server never handed out`);
    } else if (expected.toLowerCase() !== liveId.toLowerCase()) {
      differences.push(`${what} ${liveId} where the server handed out ${expected}`);
    }
  };
  for (const [name, value] of recorded.selectors) check(`${name} selector`, value, live.selectors.get(name));
  for (const [name, value] of recorded.filterSelectors) check(`${name} filter selector`, value, live.filterSelectors.get(name));
  if (lastSegment(recorded.action) !== 'Command') check('CommandId', recorded.commandId, live.commandId);
  return differences;
}

const HANDED_OUT_ID_PATTERN =
  /<(?:[\w.-]+:)?(?:ShellId|CommandId)>\s*([^<\s]+)\s*<|<(?:[\w.-]+:)?Selector Name="ShellId">\s*([^<\s]+)\s*</g;

/** The ShellIds and CommandIds a response hands out (lower case): Create, Command and Enumerate answers. */
export function handedOutIds(response: string): string[] {
  return [...response.matchAll(HANDED_OUT_ID_PATTERN)].map((match) => (match[1] ?? match[2]!).toLowerCase());
}
