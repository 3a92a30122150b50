/**
 * @module soap/xml-escape
 * Escaping for the text and attribute values psrp writes into request envelopes.
 */
const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { ...TEXT_ESCAPES, '"': '&quot;' };

export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (char) => TEXT_ESCAPES[char]!);
}

export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (char) => ATTRIBUTE_ESCAPES[char]!);
}
