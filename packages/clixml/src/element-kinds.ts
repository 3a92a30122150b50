/**
 * @module element-kinds
 * What each CLIXML element is to the reader, as a small integer.
 */
import { ELEMENT, PRIMITIVE_TAGS } from './element-names.js';

/** What each CLIXML element is, looked up once per start tag (one Map lookup, then switches on small integers). */
export const TAG_OBJECTS = 1;
export const TAG_TYPE_NAMES = 2;
export const TAG_TYPE_NAMES_REFERENCE = 3;
export const TAG_TO_STRING = 4;
export const TAG_ADAPTED_PROPERTIES = 5;
export const TAG_MEMBER_SET = 6;
export const TAG_TYPE_NAME = 7;
export const TAG_DICTIONARY_ENTRY = 8;
export const TAG_OBJECT = 9;
export const TAG_REFERENCE = 10;
export const TAG_NIL = 11;
export const TAG_LIST = 12;
export const TAG_DICTIONARY = 13;
export const TAG_PROGRESS_RECORD = 14;
export const TAG_PRIMITIVE = 15;
/** Not a CLIXML element: a newer serializer's, kept as XML. */
export const TAG_UNKNOWN = 0;

export const TAG_KINDS: ReadonlyMap<string, number> = new Map([
  [ELEMENT.objects, TAG_OBJECTS],
  [ELEMENT.typeNames, TAG_TYPE_NAMES],
  [ELEMENT.typeNamesReference, TAG_TYPE_NAMES_REFERENCE],
  [ELEMENT.toString, TAG_TO_STRING],
  [ELEMENT.adaptedProperties, TAG_ADAPTED_PROPERTIES],
  [ELEMENT.memberSet, TAG_MEMBER_SET],
  [ELEMENT.typeName, TAG_TYPE_NAME],
  [ELEMENT.dictionaryEntry, TAG_DICTIONARY_ENTRY],
  [ELEMENT.object, TAG_OBJECT],
  [ELEMENT.reference, TAG_REFERENCE],
  [ELEMENT.nil, TAG_NIL],
  [ELEMENT.list, TAG_LIST],
  [ELEMENT.enumerable, TAG_LIST],
  [ELEMENT.stack, TAG_LIST],
  [ELEMENT.queue, TAG_LIST],
  [ELEMENT.dictionary, TAG_DICTIONARY],
  [ELEMENT.progressRecord, TAG_PROGRESS_RECORD],
  ...PRIMITIVE_TAGS.map((tag): [string, number] => [tag, TAG_PRIMITIVE]),
]);

