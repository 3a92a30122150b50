/**
 * @module reader-frame
 * The reader's frames: what kind of element each open one is, and the one shape every frame has.
 */
import type { PsValue } from './value.js';
import type { PSDictionary, PSObject } from './values/ps-object.js';
import type { PSProgressRecord } from './values/ps-progress-record.js';
import type { PSUnknownElement } from './values/ps-unknown-element.js';

/** The kinds of open element a frame stands for. */
export const FRAME_ROOT = 0;
export const FRAME_OBJECTS = 1;
export const FRAME_OBJECT = 2;
export const FRAME_MEMBERS = 3;
export const FRAME_LIST = 4;
export const FRAME_DICTIONARY = 5;
export const FRAME_ENTRY = 6;
export const FRAME_TYPE_NAMES = 7;
export const FRAME_TEXT = 8;
export const FRAME_PROGRESS = 9;
export const FRAME_EMPTY = 10;
export const FRAME_UNKNOWN = 11;

/**
 * One open element. A single shape for every kind keeps property access monomorphic and fast; a reader reuses one
 * Frame per nesting level (reset when an element opens), so reading allocates no frames. Both readers use it: the
 * general one (clixml-reader) and the common-form one.
 */
export class Frame {
  kind: number;
  tag: string;
  offset: number;
  /** Decoded `N` attribute: the property name, or Key/Value inside `<En>`. */
  name: string | undefined = undefined;
  /** `S` attribute (stream name) on children of `<Objs>`. */
  stream: string | null = null;
  refId: string | undefined = undefined;
  /** The common-form reader's RefId of a `<TN>`, as a number (-1: none). */
  refNumber = -1;
  text = '';
  /** The text's pieces, when it came in more than one (chunked input): a long `<S>` is decoded piece by piece. */
  pieces: string[] | null = null;
  /** The object handed out (a proxy), and the target behind it that the reader fills. */
  object: PSObject | null = null;
  target: PSObject | null = null;
  hasBaseValue = false;
  record: Record<string, PsValue> | null = null;
  /**
   * The common-form reader's `<Props>` and `<MS>`: the names and values read so far (the first memberCount), made into
   * the record when the element closes. The arrays stay with the frame, which is reused at its depth.
   */
  readonly memberNames: string[] = [];
  readonly memberValues: PsValue[] = [];
  memberCount = 0;
  isNestedMemberSet = false;
  list: PsValue[] | null = null;
  dictionary: PSDictionary | null = null;
  key: PsValue | undefined = undefined;
  hasKey = false;
  value: PsValue | undefined = undefined;
  hasValue = false;
  typeNames: string[] | null = null;
  progress: PSProgressRecord | null = null;
  hasCurrentOperation = false;
  /** FRAME_UNKNOWN: the element's attributes and children, kept as they came. */
  attributes: Record<string, string> | null = null;
  children: (PSUnknownElement | string)[] | null = null;

  constructor(kind: number, tag: string, offset: number) {
    this.kind = kind;
    this.tag = tag;
    this.offset = offset;
  }

  reset(kind: number, tag: string, offset: number): this {
    this.kind = kind;
    this.tag = tag;
    this.offset = offset;
    this.name = undefined;
    this.stream = null;
    this.refId = undefined;
    this.refNumber = -1;
    this.text = '';
    this.pieces = null;
    this.object = null;
    this.target = null;
    this.hasBaseValue = false;
    this.record = null;
    this.memberCount = 0;
    this.isNestedMemberSet = false;
    this.list = null;
    this.dictionary = null;
    this.key = undefined;
    this.hasKey = false;
    this.value = undefined;
    this.hasValue = false;
    this.typeNames = null;
    this.progress = null;
    this.hasCurrentOperation = false;
    this.attributes = null;
    this.children = null;
    return this;
  }
}
