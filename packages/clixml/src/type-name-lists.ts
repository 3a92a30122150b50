/**
 * @module type-name-lists
 * The type-name lists the writer meets, each made once per distinct list of names and shared by every writer: its
 * `<T>...</T></TN>` markup, and which writer last wrote it as `<TN>` and under which RefId (so a writer needs no map
 * of its own: messages name the same few types again and again). The list found for an array of names is kept on the
 * array in a private field (see ref-stamps), so that objects sharing one array (as deserialized objects of one type do)
 * find it without joining the names into a key again.
 */
import { markup, type Markup } from './clixml-output.js';
import { ownString } from './own-string.js';
import { FieldHost } from './ref-stamps.js';
import { sameNames } from './same-names.js';
import { encodeElementText } from './string-escaping.js';

export interface TypeNameList {
  /** The names, as they were when the list was made. */
  readonly names: readonly string[];
  /** `<T>name</T>...</TN>`. */
  readonly body: Markup;
  /** The generation of the writer that last wrote the list as `<TN>`, and the RefId it gave it. */
  writer: number;
  refId: number;
  /** The cache generation it was made in: a list kept on an array is used only while the cache holds it. */
  readonly generation: number;
}

/** Lists kept at most; past this the cache starts again (hostile input cannot make it grow without end). */
const MAX_CACHED_LISTS = 4096;
/** Joins the names in a key. A name may hold it too: a key found is checked against the names before use. */
const KEY_SEPARATOR = '\u0000';

const lists = new Map<string, TypeNameList>();
let generation = 0;

class ListStamp extends FieldHost {
  #list: TypeNameList | undefined = undefined;

  static of(names: readonly string[]): TypeNameList | undefined {
    return #list in names ? names.#list : undefined;
  }

  static stamp(names: readonly string[], list: TypeNameList): void {
    if (#list in names) names.#list = list;
    else if (Object.isExtensible(names)) new ListStamp(names).#list = list;
  }

  static reserve(names: readonly string[]): void {
    if (!(#list in names)) new ListStamp(names);
  }
}

/**
 * Gives an array of names the field its list will be kept in, before the array is frozen (a frozen array takes no
 * new field, but one it has can still be set): a deserialized type's names, which all its objects share.
 */
export function reserveListStamp(names: readonly string[]): void {
  ListStamp.reserve(names);
}

function makeList(typeNames: readonly string[]): TypeNameList {
  // Copies of the names: a deserialized object's names may be slices, which would keep their whole input alive here.
  const names = typeNames.map(ownString);
  let body = '';
  for (const typeName of names) body += `<T>${encodeElementText(typeName)}</T>`;
  return { names, body: markup(`${body}</TN>`), writer: 0, refId: 0, generation };
}

/**
 * The shared list for these names (a list of its own when its key is taken by other names). `shared`: the array is
 * one many objects hand over (a deserialized type's names, a constant), so the list is kept on it; an object's own
 * array, made with it and soon gone, is not stamped (a private field on each fresh array cost more than it saved:
 * serializing a CREATE_PIPELINE took twice as long in a fresh process).
 */
export function typeNameListOf(typeNames: readonly string[], shared: boolean): TypeNameList {
  const stamped = ListStamp.of(typeNames);
  // The names are compared again unless the array is frozen: it may have been changed since.
  if (stamped !== undefined && stamped.generation === generation && (Object.isFrozen(typeNames) || sameNames(stamped.names, typeNames))) {
    return stamped;
  }
  const key = typeNames.join(KEY_SEPARATOR);
  let list = lists.get(key);
  if (list === undefined) {
    if (lists.size >= MAX_CACHED_LISTS) {
      lists.clear();
      generation++;
    }
    list = makeList(typeNames);
    lists.set(key, list);
  } else if (!sameNames(list.names, typeNames)) {
    return makeList(typeNames);
  }
  if (shared) ListStamp.stamp(typeNames, list);
  return list;
}
