/**
 * @module tag-markup
 * The markup of the serializer's own tags, as UTF-8 made once (see clixml-output): each tag's start tags without a
 * name, with each name met (in a bounded cache shared by every writer, since they depend on nothing else), and its
 * end tag.
 */
import { markup, type Markup } from './clixml-output.js';
import { encodeAttributeText } from './string-escaping.js';

/** Tags with a name attribute kept for reuse, per tag and form: objects of one type repeat the same property names. */
const MAX_CACHED_NAMES = 4096;

/** How a start tag ends: before its RefId (`<Obj N="x" RefId="`), closed (`<S N="x">`), or empty (`<Nil N="x" />`). */
export const TAG_BEFORE_REF_ID = 0;
export const TAG_START = 1;
export const TAG_EMPTY = 2;
export type TagForm = typeof TAG_BEFORE_REF_ID | typeof TAG_START | typeof TAG_EMPTY;
export const FORM_ENDINGS = [' RefId="', '>', ' />'] as const;

/** The markup of one element name. */
export interface TagMarkup {
  readonly tag: string;
  readonly unnamed: readonly [Markup, Markup, Markup];
  readonly named: readonly [Map<string, Markup>, Map<string, Markup>, Map<string, Markup>];
  readonly end: Markup;
}

const tagMarkups = new Map<string, TagMarkup>();

/** The markup of one of the serializer's own tags (never of a tag from input: PSUnknownElement is written as text). */
export function tagMarkup(tag: string): TagMarkup {
  let found = tagMarkups.get(tag);
  if (found === undefined) {
    found = {
      tag,
      unnamed: [markup(`<${tag}${FORM_ENDINGS[TAG_BEFORE_REF_ID]}`), markup(`<${tag}>`), markup(`<${tag} />`)],
      named: [new Map(), new Map(), new Map()],
      end: markup(`</${tag}>`),
    };
    tagMarkups.set(tag, found);
  }
  return found;
}

export function nameAttribute(name: string | undefined): string {
  return name === undefined ? '' : ` N="${encodeAttributeText(name)}"`;
}

export function startTag(tag: TagMarkup, name: string | undefined, form: TagForm): Markup {
  if (name === undefined) return tag.unnamed[form];
  const byName = tag.named[form];
  let piece = byName.get(name);
  if (piece === undefined) {
    piece = markup(`<${tag.tag}${nameAttribute(name)}${FORM_ENDINGS[form]}`);
    if (byName.size >= MAX_CACHED_NAMES) byName.clear();
    byName.set(name, piece);
  }
  return piece;
}

/** The text of `<B>` elements. */
export const BOOLEAN_TRUE = markup('true');
export const BOOLEAN_FALSE = markup('false');
