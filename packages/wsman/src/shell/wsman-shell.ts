/**
 * @module shell/wsman-shell
 * A created shell: the WinRS operations Command, Send, Receive, Signal and Delete, each addressed
 * with the ShellId selector.
 */
import { ACTION_COMMAND, ACTION_DELETE, ACTION_RECEIVE, ACTION_SEND, ACTION_SIGNAL } from '../actions.js';
import { WSManFaultError } from '../errors.js';
import type { WSManOption } from '../soap/envelope-builder.js';
import { isTimedOutFault } from '../soap/fault-parser.js';
import type { SoapResponse } from '../soap/response-parser.js';
import type { WSManRequest, WSManRequester } from '../wsman-request.js';
import { commandLineBody, receiveBody, sendBody, signalBody } from './shell-bodies.js';
import { readCommandId, readReceiveResponse, type ReceiveResult } from './shell-responses.js';

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

  /** Deletes the shell on the server (WS-Transfer Delete). */
  async delete(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#send(ACTION_DELETE, '', options.signal);
  }
}
