/**
 * @module common-form-markup
 * The markup the common-form reader recognizes in place, without cutting a string: the element names CLIXML uses (by
 * length and first character, then compared) and the attributes PowerShell writes (` N="`, ` RefId="`, and on an
 * Export-Clixml `<Objs>` its Version and namespace).
 */
import { TAG_KINDS } from './element-kinds.js';
import { ATTRIBUTE } from './element-names.js';
import { isAt } from './xml-chars.js';

const SPACE = 0x20;
const UPPER_N = 0x4e;
const UPPER_R = 0x52;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
export const NAME_ATTRIBUTE_OPEN = ` ${ATTRIBUTE.name}="`;
export const REF_ID_ATTRIBUTE_OPEN = ` ${ATTRIBUTE.refId}="`;
/** What Export-Clixml writes on its `<Objs>`: the version, then the namespace (each taken as written, not checked). */
export const VERSION_ATTRIBUTE_OPEN = ' Version="';
export const NAMESPACE_ATTRIBUTE_OPEN = ' xmlns="';

/** ` N="` at `at`, compared char by char (the most frequent markup after the tag names). */
export function isNameAttributeAt(input: string, at: number): boolean {
  return input.charCodeAt(at) === SPACE && input.charCodeAt(at + 1) === UPPER_N && input.charCodeAt(at + 2) === EQUALS && input.charCodeAt(at + 3) === DOUBLE_QUOTE;
}

/** ` RefId="` at `at`. */
export function isRefIdAttributeAt(input: string, at: number): boolean {
  return input.charCodeAt(at) === SPACE && input.charCodeAt(at + 1) === UPPER_R && isAt(input, at, REF_ID_ATTRIBUTE_OPEN);
}

export interface KnownTag {
  readonly tag: string;
  readonly kind: number;
}

/** The elements of TAG_KINDS by length and first character: a name is compared with the few of its shape, in place. */
const NAME_SHAPES = 128;
const KNOWN_TAGS_BY_SHAPE: KnownTag[][] = [];
for (const [tag, kind] of TAG_KINDS) (KNOWN_TAGS_BY_SHAPE[tag.length * NAME_SHAPES + tag.charCodeAt(0)] ??= []).push({ tag, kind });

/** The element named at `input[start, end)`, if TAG_KINDS knows it: no string made, no Map lookup. */
export function knownTagAt(input: string, start: number, end: number): KnownTag | undefined {
  const first = input.charCodeAt(start);
  const candidates = first < NAME_SHAPES ? KNOWN_TAGS_BY_SHAPE[(end - start) * NAME_SHAPES + first] : undefined;
  if (candidates === undefined) return undefined;
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index] as KnownTag;
    if (isAt(input, start, candidate.tag)) return candidate;
  }
  return undefined;
}
