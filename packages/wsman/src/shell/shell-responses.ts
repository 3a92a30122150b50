/**
 * @module shell/shell-responses
 * Reads the answers to Create (rsp:Shell / w:SelectorSet), Command (rsp:CommandResponse) and
 * Receive (rsp:ReceiveResponse).
 */
import { WSManProtocolError } from '../errors.js';
import { NS_SHELL, NS_WSMAN } from '../namespaces.js';
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
