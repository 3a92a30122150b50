/**
 * @module replay/guid-map
 * Recorded GUID -> live GUID, learned from aligned (recorded request, live request) pairs, and
 * applied to recorded responses: text GUIDs (ShellId, CommandId, RelatesTo) in any case, and the
 * RPID/PID bytes of PSRP message headers inside base64 fragments.
 *
 * Bytes are mapped as bytes: the server echoes whatever byte order the recording's client wrote
 * (RFC 4122 in older files, .NET in newer ones), so recorded wire bytes are replaced by the live
 * client's wire bytes (.NET order) without interpreting either.
 */
import { bytesToGuid, decodeFragments, GUID_BYTES, MESSAGE_HEADER_BYTES } from '@psrp/fragment';
import type { RequestMeaning } from './request-meaning.js';

const GUID_TEXT_PATTERN = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
const GUID_TEXT_EXACT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EMPTY_GUID_TEXT = '00000000-0000-0000-0000-000000000000';
/** Offsets of RPID and PID in the 40-byte PSRP message header (MS-PSRP 2.2.1). */
const RPID_OFFSET = 8;
const PID_OFFSET = 24;
const HEX_RADIX = 16;
/** Dash positions of 8-4-4-4-12 text, counted in bytes. */
const GROUP_ENDS = new Set([3, 5, 7, 9]);

function hexKey(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(HEX_RADIX).padStart(2, '0')).join('');
}

/** The bytes read as RFC 4122 (big-endian) text: the order older pypsrp recordings used. */
function rfcReading(bytes: Uint8Array): string {
  let result = '';
  bytes.forEach((byte, index) => {
    result += byte.toString(HEX_RADIX).padStart(2, '0');
    if (GROUP_ENDS.has(index)) result += '-';
  });
  return result;
}

function isZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}

export class GuidMap {
  readonly #text = new Map<string, string>();
  readonly #bytes = new Map<string, Uint8Array>();

  /** Number of text and byte mappings learned. */
  get size(): number {
    return this.#text.size + this.#bytes.size;
  }

  /** The live text for a recorded GUID text, if learned (case-insensitive). */
  liveText(recorded: string): string | undefined {
    return this.#text.get(recorded.toLowerCase());
  }

  /**
   * Maps a recorded GUID text to the live one. Ids the requests name directly overwrite; ids
   * derived from PSRP bytes (`derived`) never replace a direct one.
   */
  learnText(recorded: string, live: string, derived = false): void {
    if (!GUID_TEXT_EXACT.test(recorded) || !GUID_TEXT_EXACT.test(live)) return;
    const key = recorded.toLowerCase();
    if (key === EMPTY_GUID_TEXT || (derived && this.#text.has(key))) return;
    this.#text.set(key, live.toLowerCase());
  }

  /** Maps recorded RPID/PID wire bytes to the live client's wire bytes, and both text readings. */
  learnBytes(recorded: Uint8Array, live: Uint8Array): void {
    if (isZero(recorded)) return;
    this.#bytes.set(hexKey(recorded), live.slice());
    const liveText = bytesToGuid(live);
    this.learnText(bytesToGuid(recorded), liveText, true);
    this.learnText(rfcReading(recorded), liveText, true);
  }

  /** Learns every id two matched requests name: selectors, ShellId, CommandId, MessageID, RPID/PID. */
  learn(recorded: RequestMeaning, live: RequestMeaning): void {
    for (const [name, value] of recorded.selectors) {
      const liveValue = live.selectors.get(name);
      if (liveValue !== undefined) this.learnText(value, liveValue);
    }
    if (recorded.shellId !== null && live.shellId !== null) this.learnText(recorded.shellId, live.shellId);
    if (recorded.commandId !== null && live.commandId !== null) this.learnText(recorded.commandId, live.commandId);
    if (recorded.messageId !== null && live.messageId !== null) this.learnText(recorded.messageId, live.messageId);
    recorded.psrpMessages.forEach((message, index) => {
      const liveMessage = live.psrpMessages[index];
      if (liveMessage === undefined) return;
      this.learnBytes(message.rpid, liveMessage.rpid);
      this.learnBytes(message.pid, liveMessage.pid);
    });
  }

  /** Replaces every learned GUID in `text`, keeping the case style of each occurrence. */
  rewriteText(text: string): string {
    return text.replace(GUID_TEXT_PATTERN, (match) => {
      const live = this.#text.get(match.toLowerCase());
      if (live === undefined) return match;
      return match === match.toLowerCase() ? live : live.toUpperCase();
    });
  }

  /**
   * Rewrites, in place, the RPID and PID of every message header starting in `fragmentBytes`
   * (whole fragments back to back, as one rsp:Stream carries them).
   */
  rewriteFragments(fragmentBytes: Uint8Array): void {
    for (const fragment of decodeFragments(fragmentBytes)) {
      if (!fragment.start || fragment.blob.length < MESSAGE_HEADER_BYTES) continue;
      for (const offset of [RPID_OFFSET, PID_OFFSET]) {
        const live = this.#bytes.get(hexKey(fragment.blob.subarray(offset, offset + GUID_BYTES)));
        if (live !== undefined) fragment.blob.set(live, offset);
      }
    }
  }
}
