/**
 * @module replay/response-rewriter
 * Turns a recorded response into the answer for the live client: GUIDs it learned replaced in the
 * SOAP text and in the PSRP fragments of base64 streams.
 */
import { MESSAGE_HEADER_BYTES, decodeBase64, decodeFragments, encodeBase64, encodeFragment } from '@psrp/fragment';
import type { GuidMap } from './guid-map.js';

/** RUNSPACE_AVAILABILITY (MS-PSRP 2.2.2.8): the answer to a pool call, echoing its call id. */
const RUNSPACE_AVAILABILITY = 0x00021004;
const MESSAGE_TYPE_OFFSET = 4;
const ANSWER_CALL_ID_PATTERN = /<I64 N="ci">(-?\d+)<\/I64>/;

/**
 * Replaces the recorded call id of each whole RUNSPACE_AVAILABILITY message with the live client's (the recorded
 * client may have numbered its calls from 0, the live one from 1). Other fragments are kept byte for byte.
 */
function rewriteCallIds(bytes: Uint8Array, callIds: ReadonlyMap<string, string>): Uint8Array {
  if (callIds.size === 0) return bytes;
  const fragments = decodeFragments(bytes);
  let changed = false;
  const rebuilt = fragments.map((fragment) => {
    const { blob } = fragment;
    if (!fragment.start || !fragment.end || blob.length < MESSAGE_HEADER_BYTES) return encodeFragment(fragment);
    if (new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(MESSAGE_TYPE_OFFSET, true) !== RUNSPACE_AVAILABILITY) {
      return encodeFragment(fragment);
    }
    const text = new TextDecoder().decode(blob.subarray(MESSAGE_HEADER_BYTES));
    const recorded = ANSWER_CALL_ID_PATTERN.exec(text)?.[1];
    const live = recorded === undefined ? undefined : callIds.get(recorded);
    if (live === undefined || live === recorded) return encodeFragment(fragment);
    changed = true;
    const data = new TextEncoder().encode(text.replace(ANSWER_CALL_ID_PATTERN, `<I64 N="ci">${live}</I64>`));
    const newBlob = new Uint8Array(MESSAGE_HEADER_BYTES + data.length);
    newBlob.set(blob.subarray(0, MESSAGE_HEADER_BYTES));
    newBlob.set(data, MESSAGE_HEADER_BYTES);
    return encodeFragment({ ...fragment, blob: newBlob });
  });
  if (!changed) return bytes;
  const joined = new Uint8Array(rebuilt.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of rebuilt) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Elements whose text is base64 PSRP fragments in a PowerShell endpoint's responses. */
const FRAGMENT_ELEMENT_PATTERN = /(<(?:[\w.-]+:)?(?:Stream|connectResponseXml)\b[^>]*>)([A-Za-z0-9+/=\s]+)(<\/)/g;

function rewriteBase64Fragments(payload: string, guids: GuidMap, callIds: ReadonlyMap<string, string>): string {
  try {
    const bytes = decodeBase64(payload.trim());
    guids.rewriteFragments(bytes);
    return encodeBase64(rewriteCallIds(bytes, callIds));
  } catch {
    // Not fragments after all (e.g. plain stdout of a WinRS command run by a PSRP test): keep as is.
    return payload;
  }
}

/** The response with learned GUIDs replaced; `psrp` enables fragment rewriting of stream data. */
export function rewriteResponse(response: string, guids: GuidMap, psrp: boolean, callIds: ReadonlyMap<string, string> = new Map()): string {
  const withFragments = psrp
    ? response.replace(
        FRAGMENT_ELEMENT_PATTERN,
        (_match, open: string, payload: string, close: string) => open + rewriteBase64Fragments(payload, guids, callIds) + close,
      )
    : response;
  return guids.rewriteText(withFragments);
}
