/**
 * @module element-names
 * CLIXML element and attribute names (PowerShell's SerializationStrings; MS-PSRP 2.2.5).
 */

export const ELEMENT = {
  objects: 'Objs',
  object: 'Obj',
  reference: 'Ref',
  typeNames: 'TN',
  typeNamesReference: 'TNRef',
  typeName: 'T',
  toString: 'ToString',
  adaptedProperties: 'Props',
  memberSet: 'MS',
  list: 'LST',
  enumerable: 'IE',
  stack: 'STK',
  queue: 'QUE',
  dictionary: 'DCT',
  dictionaryEntry: 'En',
  nil: 'Nil',
  string: 'S',
  progressRecord: 'PR',
} as const;

export const ATTRIBUTE = {
  name: 'N',
  refId: 'RefId',
  stream: 'S',
} as const;

export const DICTIONARY_KEY = 'Key';
export const DICTIONARY_VALUE = 'Value';

/** Elements whose text is a single primitive value. */
export const PRIMITIVE_TAGS = [
  'S', 'C', 'B', 'DT', 'TS', 'By', 'SB', 'U16', 'I16', 'U32', 'I32', 'U64', 'I64',
  'Sg', 'Db', 'D', 'BA', 'G', 'URI', 'Version', 'XD', 'SBK', 'SS',
] as const;
export type PrimitiveTag = (typeof PRIMITIVE_TAGS)[number];

/** ProgressRecord children (SerializationStrings ProgressRecord*). */
export const PROGRESS_FIELD = {
  activity: 'AV',
  activityId: 'AI',
  currentOperation: 'CO',
  parentActivityId: 'PI',
  percentComplete: 'PC',
  recordType: 'T',
  secondsRemaining: 'SR',
  statusDescription: 'SD',
} as const;

/** Export-Clixml's document root attributes. */
export const OBJECTS_VERSION = '1.1.0.1';
export const OBJECTS_NAMESPACE = 'http://schemas.microsoft.com/powershell/2004/04';
