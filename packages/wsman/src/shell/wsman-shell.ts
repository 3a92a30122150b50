/**
 * @module shell/wsman-shell
 * A created shell: the WinRS operations Command, Send, Receive, Signal and Delete, each addressed
 * with the ShellId selector.
 */
import { ACTION_COMMAND, ACTION_DELETE, ACTION_GET, ACTION_RECEIVE, ACTION_SEND, ACTION_SIGNAL } from '../actions.js';
import { WSManFaultError, WSManProtocolError } from '../errors.js';
import { NS_SHELL } from '../namespaces.js';
import type { WSManOption } from '../soap/envelope-builder.js';
import { isTimedOutFault } from '../soap/fault-parser.js';
import type { SoapResponse } from '../soap/response-parser.js';
import { findDescendant } from '../soap/xml-element.js';
import type { WSManRequest, WSManRequester } from '../wsman-request.js';
import { ACTION_CONNECT, ACTION_DISCONNECT, ACTION_RECONNECT, RESOURCE_URI_SHELL, RESOURCE_URI_SHELL_COMMAND, type OutputBufferingMode } from './shell-actions.js';
import { commandLineBody, connectBody, disconnectBody, receiveBody, reconnectBody, sendBody, signalBody } from './shell-bodies.js';
import { enumerate } from './shell-enumeration.js';
import { readCommandId, readEnumeratedCommandId, readReceiveResponse, readShellInfo, type ReceiveResult, type ShellInfo } from './shell-responses.js';

/** Keeps the shell alive on the server while a Receive waits (Windows clients always send it). */
const RECEIVE_OPTIONS: readonly WSManOption[] = [{ name: 'WSMAN_CMDSHELL_OPTION_KEEPALIVE', value: 'True' }];

export class WSManShell {
  readonly #client: WSManRequester;

  constructor(
    client: WSManRequester,
    readonly id: string,
    readonly resourceUri: string,
  ) {
    this.#client = client;
  }

  #send(action: string, body: string, signal: AbortSignal | undefined, options?: readonly WSManOption[]): Promise<SoapResponse> {
    const request: WSManRequest = {
      action,
      resourceUri: this.resourceUri,
      selectors: { ShellId: this.id },
      body,
    };
    if (options !== undefined) request.options = options;
    if (signal !== undefined) request.signal = signal;
    return this.#client.request(request);
  }

  /**
   * Starts a command (rsp:CommandLine). PowerShell passes its pipeline id as `commandId`, an empty
   * command line and the first PSRP fragments as the single argument.
   * @returns the CommandId the server acknowledged.
   */
  async command(options: {
    commandId?: string;
    commandLine?: string;
    arguments?: string[];
    /** wsman:Option entries without MustComply, e.g. { WINRS_SKIP_CMD_SHELL: 'False' }. */
    options?: Record<string, string>;
    signal?: AbortSignal;
  }): Promise<string> {
    const wsmanOptions = Object.entries(options.options ?? {}).map(([name, value]) => ({ name, value }));
    const response = await this.#send(ACTION_COMMAND, commandLineBody(options), options.signal, wsmanOptions);
    return readCommandId(response.body);
  }

  /** Sends base64 input on a stream ('stdin', or 'pr' for PowerShell host responses). */
  async send(options: { commandId?: string; stream: string; data: string; end?: boolean; signal?: AbortSignal }): Promise<void> {
    await this.#send(ACTION_SEND, sendBody(options), options.signal);
  }

  /**
   * Receives output. A w:TimedOut fault (no output within OperationTimeout) is not an error: the
   * result has `timedOut: true` and the caller receives again.
   */
  async receive(options: { commandId?: string; streams: string[]; signal?: AbortSignal }): Promise<ReceiveResult> {
    try {
      const response = await this.#send(ACTION_RECEIVE, receiveBody(options), options.signal, RECEIVE_OPTIONS);
      return readReceiveResponse(response.body);
    } catch (error) {
      if (error instanceof WSManFaultError && isTimedOutFault(error)) {
        return { streams: [], commandState: null, timedOut: true };
      }
      throw error;
    }
  }

  /** Sends a signal to a command, e.g. SIGNAL_TERMINATE or SIGNAL_PS_CTRL_C. */
  async signal(options: { commandId: string; code: string; signal?: AbortSignal }): Promise<void> {
    await this.#send(ACTION_SIGNAL, signalBody(options), options.signal);
  }

  /**
   * Disconnects the shell (MS-WSMV 3.1.4.15): the server keeps it and its commands running, for `idleTimeoutSeconds`
   * (default: the idle timeout of the Create), buffering or dropping their output as `bufferMode` says.
   */
  async disconnect(options: { idleTimeoutSeconds?: number; bufferMode?: OutputBufferingMode; signal?: AbortSignal } = {}): Promise<void> {
    await this.#send(ACTION_DISCONNECT, disconnectBody(options), options.signal);
  }

  /**
   * Reconnects a shell this client disconnected (same wsmv:SessionId), or, with `commandId`, one of its commands: a
   * shell's Reconnect does not reconnect its commands (MS-PSRP 3.1.5.3.18).
   */
  async reconnect(options: { commandId?: string; bufferMode?: OutputBufferingMode; signal?: AbortSignal } = {}): Promise<void> {
    await this.#send(ACTION_RECONNECT, reconnectBody(options), options.signal);
  }

  /** Connects to a running command of a shell connected from another client (rsp:Connect with its CommandId). */
  async connectCommand(options: { commandId: string; signal?: AbortSignal }): Promise<void> {
    await this.#send(ACTION_CONNECT, connectBody({ commandId: options.commandId }), options.signal);
  }

  /**
   * The shell as the server describes it now (a WS-Transfer Get of the shell resource): its State says whether a
   * client is connected; a shell that expired or was deleted answers with a w:InvalidSelectors fault.
   */
  async get(options: { signal?: AbortSignal } = {}): Promise<ShellInfo> {
    const request: WSManRequest = { action: ACTION_GET, resourceUri: RESOURCE_URI_SHELL, selectors: { ShellId: this.id } };
    if (options.signal !== undefined) request.signal = options.signal;
    const response = await this.#client.request(request);
    const shell = findDescendant(response.body, NS_SHELL, 'Shell');
    if (shell === undefined) throw new WSManProtocolError('The Get response carries no rsp:Shell', 'Get');
    return readShellInfo(shell);
  }

  /** The CommandIds of the shell's commands (an Enumerate of the Command resource filtered by ShellId). */
  async enumerateCommands(options: { signal?: AbortSignal } = {}): Promise<string[]> {
    const items = await enumerate(this.#client, { resourceUri: RESOURCE_URI_SHELL_COMMAND, selectorFilter: { ShellId: this.id }, ...options });
    return items.map(readEnumeratedCommandId).filter((id): id is string => id !== null);
  }

  /** Deletes the shell on the server (WS-Transfer Delete). */
  async delete(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#send(ACTION_DELETE, '', options.signal);
  }
}
