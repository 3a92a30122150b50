/**
 * The ReplayServer's GUID rewriting, end to end: a live client replays every PSRP recording with
 * its OWN ShellId, CommandIds, RPID and PID (written in .NET byte order, as MS-PSRP specifies),
 * and every response must come back naming only the live ids, whichever byte order the recording
 * used. Reads ../shared/fixtures/pypsrp-recordings (RecordingsMissingError names the path when absent).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToGuid, decodeBase64, decodeFragments, encodeBase64, guidToBytes, MESSAGE_HEADER_BYTES } from '@psrp/fragment';
import {
  NS_ADDRESSING,
  NS_POWERSHELL,
  NS_SHELL,
  NS_SOAP,
  NS_WSMAN,
  WSManClient,
  WSManFaultError,
  WSManHttpError,
  findChild,
  findChildren,
  findDescendant,
  readXml,
  type WSManShell,
  type XmlElement,
} from '@psrp/wsman';
import { ReplayServer, loadRecording, parseRecording, recordingsDirectory, type RecordedExchange } from '../src/index.js';

const RPID_OFFSET = 8;
const PID_OFFSET = 24;
const GUID_BYTES = 16;
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const SUPPORTED_ACTIONS = new Set(['Create', 'Get', 'Receive', 'Command', 'Send', 'Signal', 'Delete']);
const POWERSHELL_RESOURCE_PREFIX = 'http://schemas.microsoft.com/powershell/';

/** Plays a recording's requests as a different client would: same meaning, fresh ids. */
class LiveClient {
  readonly liveIds = new Set<string>([EMPTY_GUID]);
  readonly recordedIds = new Set<string>();
  readonly #bytesMap = new Map<string, string>();
  readonly #textMap = new Map<string, string>();
  readonly #client: WSManClient;
  #shell: WSManShell | undefined;
  /** Fragment bytes of every stream the server returned. */
  readonly received: Uint8Array[] = [];
  /** Shell ids this client chose and the ids the Create responses answered with. */
  readonly createdShells: { chosen: string; answered: string }[] = [];
  /** Command ids the server named in responses. */
  readonly responseCommandIds: string[] = [];

  constructor(endpoint: string) {
    this.#client = new WSManClient({ endpoint });
  }

  #liveFor(recordedText: string): string {
    const key = recordedText.toLowerCase();
    let live = this.#textMap.get(key);
    if (live === undefined) {
      live = crypto.randomUUID().toUpperCase();
      this.#textMap.set(key, live);
      this.liveIds.add(live.toLowerCase());
      this.recordedIds.add(key);
    }
    return live;
  }

  /** Rewrites RPID/PID of each message start; the live ids are written in .NET order. */
  #rewritePayload(base64: string): string {
    const bytes = decodeBase64(base64);
    for (const fragment of decodeFragments(bytes)) {
      if (!fragment.start || fragment.blob.length < MESSAGE_HEADER_BYTES) continue;
      for (const offset of [RPID_OFFSET, PID_OFFSET]) {
        const recorded = fragment.blob.slice(offset, offset + GUID_BYTES);
        if (recorded.every((byte) => byte === 0)) continue;
        const key = Buffer.from(recorded).toString('hex');
        let live = this.#bytesMap.get(key);
        if (live === undefined) {
          // The recorded ShellId is the RPID read in the recording's byte order; reuse its live id.
          const asDotNet = bytesToGuid(recorded);
          const asRfc = key.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
          const known = this.#textMap.get(asDotNet) ?? this.#textMap.get(asRfc);
          live = known ?? this.#liveFor(asDotNet);
          this.#bytesMap.set(key, live);
          this.recordedIds.add(asDotNet);
          this.recordedIds.add(asRfc);
        }
        fragment.blob.set(guidToBytes(live), offset);
      }
    }
    return encodeBase64(bytes);
  }

  async play(exchange: RecordedExchange): Promise<void> {
    const envelope = readXml(exchange.request);
    const header = findChild(envelope, NS_SOAP, 'Header')!;
    const body = findChild(envelope, NS_SOAP, 'Body')!;
    const action = findChild(header, NS_ADDRESSING, 'Action')!.text.split('/').pop()!;
    const resourceUri = findChild(header, NS_WSMAN, 'ResourceURI')!.text;
    const operation = body.children.find((child) => child.namespace === NS_SHELL);
    const commandIdOf = (element: XmlElement | undefined): string | undefined => {
      const recorded = element?.attributes.get('CommandId');
      return recorded === undefined ? undefined : this.#liveFor(recorded);
    };
    try {
      await this.#perform(action, resourceUri, header, operation, commandIdOf, exchange.response ?? '');
    } catch (error) {
      // Recorded faults come back as fault errors; anything else is a failure of the test.
      const recordedFailure = error instanceof WSManHttpError || (error instanceof WSManFaultError && error.machine !== 'psrp-replay');
      if (!recordedFailure) throw error;
    }
  }

  async #perform(
    action: string,
    resourceUri: string,
    header: XmlElement,
    operation: XmlElement | undefined,
    commandIdOf: (element: XmlElement | undefined) => string | undefined,
    recordedResponse: string,
  ): Promise<void> {
    switch (action) {
      case 'Create': {
        const shell = operation!;
        const creation = shell.children.find((child) => child.namespace === NS_POWERSHELL);
        const recordedShellId = shell.attributes.get('ShellId');
        const chosenShellId = recordedShellId === undefined ? undefined : this.#liveFor(recordedShellId);
        const optionSet = findChild(header, NS_WSMAN, 'OptionSet');
        const options = Object.fromEntries(
          (optionSet === undefined ? [] : findChildren(optionSet, NS_WSMAN, 'Option')).map((option) => [option.attributes.get('Name')!, option.text]),
        );
        this.#shell = await this.#client.createShell({
          resourceUri,
          ...(chosenShellId === undefined ? {} : { shellId: chosenShellId }),
          inputStreams: findChild(shell, NS_SHELL, 'InputStreams')!.text.split(' '),
          outputStreams: findChild(shell, NS_SHELL, 'OutputStreams')!.text.split(' '),
          options,
          ...(creation === undefined
            ? {}
            : { openContent: { name: creation.localName, namespace: NS_POWERSHELL, text: this.#rewritePayload(creation.text) } }),
        });
        if (chosenShellId !== undefined) this.createdShells.push({ chosen: chosenShellId, answered: this.#shell.id });
        return;
      }
      case 'Get': {
        const selectorSet = findChild(header, NS_WSMAN, 'SelectorSet');
        const selectors = Object.fromEntries(
          (selectorSet === undefined ? [] : findChildren(selectorSet, NS_WSMAN, 'Selector')).map((selector) => [
            selector.attributes.get('Name')!,
            this.#liveFor(selector.text),
          ]),
        );
        await this.#client.get({ resourceUri, selectors });
        return;
      }
      case 'Command': {
        const psrp = this.#shell!.resourceUri.startsWith(POWERSHELL_RESOURCE_PREFIX);
        const args = findChildren(operation!, NS_SHELL, 'Arguments').map((argument) => (psrp ? this.#rewritePayload(argument.text) : argument.text));
        const commandId = commandIdOf(operation);
        const commandLine = findChild(operation!, NS_SHELL, 'Command')!.text;
        const answered = await this.#shell!.command({ ...(commandId ? { commandId } : {}), commandLine, arguments: args });
        // WinRS commands get their id from the server: later requests use what it answered.
        const recordedAnswer = /CommandId>([^<]+)</.exec(recordedResponse)?.[1];
        if (commandId === undefined && recordedAnswer !== undefined) {
          this.#textMap.set(recordedAnswer.toLowerCase(), answered);
          this.liveIds.add(answered.toLowerCase());
        }
        this.responseCommandIds.push(answered);
        return;
      }
      case 'Send': {
        const stream = findChild(operation!, NS_SHELL, 'Stream')!;
        const commandId = commandIdOf(stream);
        await this.#shell!.send({
          ...(commandId ? { commandId } : {}),
          stream: stream.attributes.get('Name')!,
          data: this.#shell!.resourceUri.startsWith(POWERSHELL_RESOURCE_PREFIX) ? this.#rewritePayload(stream.text) : stream.text,
          end: stream.attributes.get('End')?.toLowerCase() === 'true',
        });
        return;
      }
      case 'Receive': {
        const desired = findChild(operation!, NS_SHELL, 'DesiredStream')!;
        const commandId = commandIdOf(desired);
        const result = await this.#shell!.receive({ ...(commandId ? { commandId } : {}), streams: desired.text.split(' ') });
        const psrp = this.#shell!.resourceUri.startsWith(POWERSHELL_RESOURCE_PREFIX);
        for (const stream of result.streams) {
          if (psrp && stream.data !== '') this.received.push(decodeBase64(stream.data));
          if (stream.commandId !== null) this.responseCommandIds.push(stream.commandId);
        }
        if (result.commandState?.commandId) this.responseCommandIds.push(result.commandState.commandId);
        return;
      }
      case 'Signal':
        await this.#shell!.signal({ commandId: commandIdOf(operation)!, code: findDescendant(operation!, NS_SHELL, 'Code')!.text });
        return;
      case 'Delete':
        await this.#shell!.delete();
        return;
      default:
        throw new Error(`unsupported action ${action}`);
    }
  }
}

function actionsOf(exchanges: RecordedExchange[]): string[] {
  return exchanges.map((exchange) => /Action[^>]*>([^<]*)</.exec(exchange.request)?.[1]?.split('/').pop() ?? '');
}

const directory = recordingsDirectory();

/** Recordings a WSManClient can drive start to end: supported actions, no hanging or dropped entries. */
function isPlayable(exchanges: RecordedExchange[]): boolean {
  return (
    actionsOf(exchanges).every((action) => SUPPORTED_ACTIONS.has(action)) &&
    exchanges.every((exchange) => exchange.fault?.kind !== 'timeout' && exchange.fault?.kind !== 'transport') &&
    exchanges.some((exchange) => /creationXml/.test(exchange.request))
  );
}

const psrpRecordings = readdirSync(directory)
  .filter((file) => /^test_(psrp|client)_.*\.yml$/.test(file))
  .map((file) => ({ file, exchanges: parseRecording(readFileSync(`${directory}/${file}`, 'utf8'), file) }));
const playable = psrpRecordings.filter(({ exchanges }) => isPlayable(exchanges));
const unplayable = psrpRecordings.filter(({ exchanges }) => !isPlayable(exchanges));

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('ReplayServer GUID rewriting across the PSRP recordings', () => {
  it('finds PSRP recordings to replay', () => {
    expect(playable.length).toBeGreaterThan(30);
  });

  it.each(playable.map(({ file }) => file))('%s: responses name only the live client ids', async (file) => {
    server = await ReplayServer.start(`${directory}/${file}`);
    const exchanges = await loadRecording(`${directory}/${file}`);
    const live = new LiveClient(server.url);
    for (const exchange of exchanges) await live.play(exchange);

    expect(server.mismatches).toEqual([]);
    expect(server.remaining).toBe(0);
    expect(live.received.length).toBeGreaterThan(0);
    expect(live.createdShells.length).toBeGreaterThan(0);
    for (const { chosen, answered } of live.createdShells) expect(answered.toLowerCase()).toBe(chosen.toLowerCase());
    let liveHeaders = 0;
    for (const bytes of live.received) {
      for (const fragment of decodeFragments(bytes)) {
        if (!fragment.start) continue;
        for (const offset of [RPID_OFFSET, PID_OFFSET]) {
          const id = bytesToGuid(fragment.blob, offset);
          // An id the recorded client sent must have been replaced; the server may also name ids
          // no request ever carried (a warning from another runspace), which stay as recorded.
          expect(live.recordedIds).not.toContain(id);
          if (id !== EMPTY_GUID && live.liveIds.has(id)) liveHeaders++;
        }
      }
    }
    expect(liveHeaders).toBeGreaterThan(0);
    for (const commandId of live.responseCommandIds) expect(live.recordedIds).not.toContain(commandId.toLowerCase());
  });

  // Disconnect/Connect/Enumerate flows and hanging or dropped entries: the server must still read
  // every recorded request's meaning at start (a throw here would fail the test).
  it.each(unplayable.map(({ file }) => file))('%s: loads with every request readable', async (file) => {
    server = await ReplayServer.start(`${directory}/${file}`);
    const exchanges = psrpRecordings.find((recording) => recording.file === file)!.exchanges;
    expect(server.remaining).toBe(exchanges.length);
    expect(server.mismatches).toEqual([]);
  });
});
