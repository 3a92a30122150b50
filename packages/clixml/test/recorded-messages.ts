/**
 * Test-only decoding of the PSRP messages inside the pypsrp recordings (/work/shared/fixtures):
 * YAML -> base64 of <creationXml>, <rsp:Arguments>, <rsp:Stream> -> 21-byte fragment headers ->
 * 40-byte message headers -> UTF-8 CLIXML bodies. Kept here, small, so these tests do not depend on
 * @psrp/fragment; it trusts the recordings and is not a defragmenter for hostile input.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const SHARED_DIR = process.env.PSRP_SHARED_DIR ?? '/work/shared';
export const RECORDINGS_DIR = join(SHARED_DIR, 'fixtures/pypsrp-recordings');
export const CLIXML_FIXTURES_DIR = join(SHARED_DIR, 'fixtures/clixml');

const FRAGMENT_HEADER_BYTES = 21;
const MESSAGE_HEADER_BYTES = 40;
const START_FLAG = 0x1;
const END_FLAG = 0x2;
const OBJECT_ID_OFFSET = 0;
const FLAGS_OFFSET = 16;
const BLOB_LENGTH_OFFSET = 17;
const MESSAGE_TYPE_OFFSET = 4;
const BYTE_ORDER_MARK = '\ufeff';
const POWERSHELL_RESOURCE_URI = 'http://schemas.microsoft.com/powershell/';
const PAYLOAD_PATTERN = /<(creationXml|rsp:Arguments|rsp:Stream)\b[^>]*>([A-Za-z0-9+/=\s]+)<\//g;

export interface RecordedMessage {
  file: string;
  direction: 'request' | 'response';
  messageType: number;
  body: string;
}

/** Fails with a message naming the missing path, so a checkout without /work/shared says why. */
export function requireSharedPath(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`test fixtures not found: ${path} is missing (set PSRP_SHARED_DIR to the shared folder)`);
  }
  return path;
}

function* payloads(text: string): Generator<Uint8Array> {
  for (const match of text.matchAll(PAYLOAD_PATTERN)) yield new Uint8Array(Buffer.from(match[2] ?? '', 'base64'));
}

function decodeFile(file: string): RecordedMessage[] {
  const document = parseYaml(readFileSync(join(RECORDINGS_DIR, file), 'utf8')) as { messages: Record<string, unknown>[] };
  const messages: RecordedMessage[] = [];
  const decoder = new TextDecoder('utf-8');
  for (const direction of ['request', 'response'] as const) {
    const pending = new Map<bigint, Uint8Array[]>();
    for (const exchange of document.messages) {
      const text = exchange[direction];
      // WinRS (cmd.exe) exchanges carry process output in rsp:Stream, not PSRP fragments.
      if (typeof text !== 'string' || !String(exchange.request).includes(POWERSHELL_RESOURCE_URI)) continue;
      for (const payload of payloads(text)) {
        const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
        for (let offset = 0; offset + FRAGMENT_HEADER_BYTES <= payload.length; ) {
          const objectId = view.getBigUint64(offset + OBJECT_ID_OFFSET);
          const flags = view.getUint8(offset + FLAGS_OFFSET);
          const length = view.getUint32(offset + BLOB_LENGTH_OFFSET);
          const blob = payload.subarray(offset + FRAGMENT_HEADER_BYTES, offset + FRAGMENT_HEADER_BYTES + length);
          offset += FRAGMENT_HEADER_BYTES + length;
          const parts = flags & START_FLAG ? [] : (pending.get(objectId) ?? []);
          parts.push(blob);
          pending.set(objectId, parts);
          if (!(flags & END_FLAG)) continue;
          pending.delete(objectId);
          const whole = Buffer.concat(parts);
          const messageType = whole.readUInt32LE(MESSAGE_TYPE_OFFSET);
          let body = decoder.decode(whole.subarray(MESSAGE_HEADER_BYTES));
          if (body.startsWith(BYTE_ORDER_MARK)) body = body.slice(1);
          messages.push({ file, direction, messageType, body });
        }
      }
    }
  }
  return messages;
}

let cache: RecordedMessage[] | undefined;

/** Every complete PSRP message in every recording, in file order. */
export function recordedMessages(): RecordedMessage[] {
  if (cache === undefined) {
    const files = readdirSync(requireSharedPath(RECORDINGS_DIR)).filter((name) => name.endsWith('.yml')).sort();
    cache = files.flatMap(decodeFile);
  }
  return cache;
}

/** PSRP message type numbers used by the tests (MS-PSRP 2.2.1). */
export const MESSAGE_TYPE = {
  sessionCapability: 0x00010002,
  initRunspacePool: 0x00010004,
  createPipeline: 0x00021006,
  pipelineInput: 0x00041002,
  pipelineOutput: 0x00041004,
  errorRecord: 0x00041005,
  pipelineState: 0x00041006,
  progressRecord: 0x00041010,
} as const;
