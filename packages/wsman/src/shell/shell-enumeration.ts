/**
 * @module shell/shell-enumeration
 * WS-Enumeration of shells and of a shell's commands (MS-WSMV 3.1.4.8): how a client finds the disconnected
 * PowerShell sessions of its user (Get-PSSession -ComputerName, MS-PSRP 3.1.5.3.14).
 */
import { ACTION_ENUMERATE, ACTION_PULL, RESOURCE_URI_SHELL } from './shell-actions.js';
import { enumerateBody, pullBody } from './shell-bodies.js';
import { readEnumerationPage, readShellInfo, type ShellInfo } from './shell-responses.js';
import type { XmlElement } from '../soap/xml-element.js';
import type { WSManRequest, WSManRequester } from '../wsman-request.js';

/** Pages pulled at most, so that a server that never ends the sequence cannot keep a caller looping. */
const MAX_PULLS = 1000;

/** Every item of an enumeration: the optimized Enumerate's first page, then Pulls until the sequence ends. */
export async function enumerate(
  requester: WSManRequester,
  options: { resourceUri: string; selectorFilter?: Readonly<Record<string, string>>; signal?: AbortSignal },
): Promise<XmlElement[]> {
  const base = (action: string, body: string): WSManRequest => {
    const request: WSManRequest = { action, resourceUri: options.resourceUri, body };
    if (options.signal !== undefined) request.signal = options.signal;
    return request;
  };
  const filter = options.selectorFilter === undefined ? {} : { selectorFilter: options.selectorFilter };
  let page = readEnumerationPage((await requester.request(base(ACTION_ENUMERATE, enumerateBody(filter)))).body, 'Enumerate');
  const items = [...page.items];
  for (let pulls = 0; page.context !== null && pulls < MAX_PULLS; pulls++) {
    page = readEnumerationPage((await requester.request(base(ACTION_PULL, pullBody({ context: page.context })))).body, 'Pull');
    items.push(...page.items);
  }
  return items;
}

/**
 * The caller's shells on the server, of every plug-in unless `resourceUriPrefix` narrows them (e.g.
 * 'http://schemas.microsoft.com/powershell/' for PowerShell sessions).
 */
export async function enumerateShells(
  requester: WSManRequester,
  options: { resourceUriPrefix?: string; signal?: AbortSignal } = {},
): Promise<ShellInfo[]> {
  const request: { resourceUri: string; signal?: AbortSignal } = { resourceUri: RESOURCE_URI_SHELL };
  if (options.signal !== undefined) request.signal = options.signal;
  const shells = (await enumerate(requester, request)).map(readShellInfo);
  const prefix = options.resourceUriPrefix?.toLowerCase();
  return prefix === undefined ? shells : shells.filter((shell) => shell.resourceUri.toLowerCase().startsWith(prefix));
}
