/**
 * @module shell/shell-connect
 * Connecting to a shell another client created and disconnected (MS-WSMV 3.1.4.17 Connect): PowerShell sends its
 * connectXml (SESSION_CAPABILITY and CONNECT_RUNSPACEPOOL) and reads the server's connectResponseXml.
 */
import type { WSManOption } from '../soap/envelope-builder.js';
import type { WSManRequest, WSManRequester } from '../wsman-request.js';
import { ACTION_CONNECT } from './shell-actions.js';
import { connectBody, type OpenContent } from './shell-bodies.js';
import { readConnectResponse } from './shell-responses.js';
import { WSManShell } from './wsman-shell.js';

export interface ConnectShellOptions {
  resourceUri: string;
  shellId: string;
  /** wsman:OptionSet entries, each MustComply="true", e.g. { protocolversion: '2.3' }. */
  options?: Record<string, string>;
  openContent?: OpenContent;
  signal?: AbortSignal;
}

/** Connects to a disconnected shell; returns its handle and the open content of the response (base64), if any. */
export async function connectShell(
  requester: WSManRequester,
  options: ConnectShellOptions,
): Promise<{ shell: WSManShell; openContent: string | null }> {
  const wsmanOptions: WSManOption[] = Object.entries(options.options ?? {}).map(([name, value]) => ({ name, value, mustComply: true }));
  const body = options.openContent === undefined ? connectBody({}) : connectBody({ openContent: options.openContent });
  const request: WSManRequest = { action: ACTION_CONNECT, resourceUri: options.resourceUri, selectors: { ShellId: options.shellId }, options: wsmanOptions, body };
  if (options.signal !== undefined) request.signal = options.signal;
  const response = await requester.request(request);
  return { shell: new WSManShell(requester, options.shellId, options.resourceUri), ...readConnectResponse(response.body) };
}
