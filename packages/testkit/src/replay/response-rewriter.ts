/**
 * @module replay/response-rewriter
 * Turns a recorded response into the answer for the live client: GUIDs it learned replaced in the
 * SOAP text and in the PSRP fragments of base64 streams.
 */
import { decodeBase64, encodeBase64 } from '@psrp/fragment';
import type { GuidMap } from './guid-map.js';

/** Elements whose text is base64 PSRP fragments in a PowerShell endpoint's responses. */
const FRAGMENT_ELEMENT_PATTERN = /(<(?:[\w.-]+:)?(?:Stream|connectResponseXml)\b[^>]*>)([A-Za-z0-9+/=\s]+)(<\/)/g;

function rewriteBase64Fragments(payload: string, guids: GuidMap): string {
  try {
    const bytes = decodeBase64(payload.trim());
    guids.rewriteFragments(bytes);
    return encodeBase64(bytes);
  } catch {
    // Not fragments after all (e.g. plain stdout of a WinRS command run by a PSRP test): keep as is.
    return payload;
  }
}

/** The response with learned GUIDs replaced; `psrp` enables fragment rewriting of stream data. */
export function rewriteResponse(response: string, guids: GuidMap, psrp: boolean): string {
  const withFragments = psrp
    ? response.replace(
        FRAGMENT_ELEMENT_PATTERN,
        (_match, open: string, payload: string, close: string) => open + rewriteBase64Fragments(payload, guids) + close,
      )
    : response;
  return guids.rewriteText(withFragments);
}
