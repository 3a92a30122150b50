/**
 * @module clixml-reader
 * Builds values from the token stream with an explicit frame stack (no recursion): one frame per open
 * element, and each closed element hands its value to the frame below it. Object identity follows
 * MS-PSRP 2.2.5.2.1.2: an `<Obj RefId>` is registered when it opens, and a later `<Ref>` returns the same
 * PSObject instance (so a Ref to an enclosing object makes a JS cycle, never a loop in the reader).
 */
import {
  ATTRIBUTE,
  DICTIONARY_KEY,
  DICTIONARY_VALUE,
  ELEMENT,
  PRIMITIVE_TAGS,
  PROGRESS_FIELD,
  type PrimitiveTag,
} from './element-names.js';
import { ClixmlLimitError, ClixmlParseError, ClixmlReferenceError } from './errors.js';
import type { DeserializeSettings } from './limits.js';
import { decodePrimitive, parseInt32Field } from './primitive-codec.js';
import { decodePsString } from './string-escaping.js';
import type { PsValue } from './value.js';
import { PSDictionary, PSMemberSet, PSObject } from './values/ps-object.js';
import { PSProgressRecord } from './values/ps-progress-record.js';
import { TOKEN_END, TOKEN_END_TAG, TOKEN_START_TAG, TOKEN_TEXT, XmlTokenizer } from './xml-tokenizer.js';

const FRAME_ROOT = 0;
const FRAME_OBJECTS = 1;
const FRAME_OBJECT = 2;
const FRAME_MEMBERS = 3;
const FRAME_LIST = 4;
const FRAME_DICTIONARY = 5;
const FRAME_ENTRY = 6;
const FRAME_TYPE_NAMES = 7;
const FRAME_TEXT = 8;
const FRAME_PROGRESS = 9;
const FRAME_EMPTY = 10;

const PRIMITIVES: ReadonlySet<string> = new Set(PRIMITIVE_TAGS);
const PROGRESS_FIELDS: ReadonlySet<string> = new Set(Object.values(PROGRESS_FIELD));

/** One open element. A single shape for every kind keeps property access monomorphic and fast. */
class Frame {
  readonly kind: number;
  readonly tag: string;
  readonly offset: number;
  /** Decoded `N` attribute: the property name, or Key/Value inside `<En>`. */
  name: string | undefined = undefined;
  /** `S` attribute (stream name) on children of `<Objs>`. */
  stream: string | null = null;
  refId: string | undefined = undefined;
  text = '';
  object: PSObject | null = null;
  hasBaseValue = false;
  record: Record<string, PsValue> | null = null;
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
  streams: (string | null)[] | null = null;

  constructor(kind: number, tag: string, offset: number) {
    this.kind = kind;
    this.tag = tag;
    this.offset = offset;
  }
}

export interface DocumentEntries {
  values: PsValue[];
  streams: (string | null)[];
}

export class ClixmlReader {
  readonly #tokenizer: XmlTokenizer;
  readonly #limits: DeserializeSettings;
  readonly #documentMode: boolean;
  readonly #frames: Frame[] = [];
  readonly #objects = new Map<string, PSObject>();
  readonly #typeNames = new Map<string, string[]>();
  #document: Frame | null = null;

  /** `documentMode`: the root must be `<Objs>`; otherwise the root is one value element. */
  constructor(input: string, limits: DeserializeSettings, documentMode: boolean) {
    this.#tokenizer = new XmlTokenizer(input, limits);
    this.#limits = limits;
    this.#documentMode = documentMode;
  }

  readValue(): PsValue {
    return this.#run().value as PsValue;
  }

  readDocument(): DocumentEntries {
    this.#run();
    const objects = this.#document as Frame;
    return { values: objects.list as PsValue[], streams: objects.streams as (string | null)[] };
  }

  #run(): Frame {
    const tokenizer = this.#tokenizer;
    const frames = this.#frames;
    const root = new Frame(FRAME_ROOT, '', 0);
    frames.push(root);
    for (;;) {
      switch (tokenizer.next()) {
        case TOKEN_START_TAG:
          frames.push(this.#open(frames[frames.length - 1] as Frame));
          break;
        case TOKEN_TEXT:
          this.#text(frames[frames.length - 1] as Frame);
          break;
        case TOKEN_END_TAG: {
          const frame = frames.pop() as Frame;
          this.#close(frame, frames[frames.length - 1] as Frame);
          break;
        }
        case TOKEN_END:
          return root;
      }
    }
  }

  #fail(message: string): never {
    throw new ClixmlParseError(message, this.#tokenizer.tokenStart);
  }

  #requireParent(parent: Frame, kind: number, tag: string, expected: string): void {
    if (parent.kind !== kind) this.#fail(`<${tag}> is only allowed inside <${expected}>`);
  }

  #open(parent: Frame): Frame {
    const tokenizer = this.#tokenizer;
    const tag = tokenizer.tagName;
    const offset = tokenizer.tokenStart;
    if (parent.kind === FRAME_TEXT || parent.kind === FRAME_EMPTY) {
      this.#fail(`<${parent.tag}> cannot contain elements (found <${tag}>)`);
    }
    switch (tag) {
      case ELEMENT.objects: {
        if (parent.kind !== FRAME_ROOT || !this.#documentMode) {
          this.#fail('<Objs> is a document root: read it with deserializeDocument()');
        }
        const frame = new Frame(FRAME_OBJECTS, tag, offset);
        frame.list = [];
        frame.streams = [];
        return frame;
      }
      case ELEMENT.typeNames: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame = new Frame(FRAME_TYPE_NAMES, tag, offset);
        frame.refId = tokenizer.attribute(ATTRIBUTE.refId);
        frame.typeNames = [];
        return frame;
      }
      case ELEMENT.typeNamesReference:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return this.#referenceFrame(tag, offset);
      case ELEMENT.toString:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return new Frame(FRAME_TEXT, tag, offset);
      case ELEMENT.adaptedProperties: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame = new Frame(FRAME_MEMBERS, tag, offset);
        frame.record = (parent.object as PSObject).adapted;
        return frame;
      }
      case ELEMENT.memberSet:
        return this.#openMemberSet(parent, offset);
      case ELEMENT.typeName:
        if (parent.kind !== FRAME_TYPE_NAMES && parent.kind !== FRAME_PROGRESS) {
          this.#fail('<T> is only allowed inside <TN> or <PR>');
        }
        return new Frame(FRAME_TEXT, tag, offset);
      case ELEMENT.dictionaryEntry:
        this.#requireParent(parent, FRAME_DICTIONARY, tag, ELEMENT.dictionary);
        return new Frame(FRAME_ENTRY, tag, offset);
      default:
        break;
    }
    if (parent.kind === FRAME_PROGRESS && PROGRESS_FIELDS.has(tag)) return new Frame(FRAME_TEXT, tag, offset);
    if (parent.kind === FRAME_DICTIONARY || parent.kind === FRAME_TYPE_NAMES || (parent.kind === FRAME_ROOT && this.#documentMode)) {
      this.#fail(`<${tag}> is not allowed ${parent.kind === FRAME_ROOT ? 'as the document root (expected <Objs>)' : `inside <${parent.tag}>`}`);
    }
    const frame = this.#openValue(tag, offset);
    if (tokenizer.attributeCount > 0) {
      const name = tokenizer.attribute(ATTRIBUTE.name);
      if (name !== undefined) frame.name = decodePsString(name);
      if (parent.kind === FRAME_OBJECTS) frame.stream = tokenizer.attribute(ATTRIBUTE.stream) ?? null;
    }
    return frame;
  }

  #openValue(tag: string, offset: number): Frame {
    switch (tag) {
      case ELEMENT.object: {
        const frame = new Frame(FRAME_OBJECT, tag, offset);
        const object = new PSObject();
        frame.object = object;
        const refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
        // Registered before its content so that references inside it resolve to it.
        if (refId !== undefined) this.#objects.set(refId, object);
        return frame;
      }
      case ELEMENT.reference:
        return this.#referenceFrame(tag, offset);
      case ELEMENT.nil:
        return new Frame(FRAME_EMPTY, tag, offset);
      case ELEMENT.list:
      case ELEMENT.enumerable:
      case ELEMENT.stack:
      case ELEMENT.queue: {
        const frame = new Frame(FRAME_LIST, tag, offset);
        frame.list = [];
        return frame;
      }
      case ELEMENT.dictionary: {
        const frame = new Frame(FRAME_DICTIONARY, tag, offset);
        frame.dictionary = new PSDictionary();
        return frame;
      }
      case ELEMENT.progressRecord: {
        const frame = new Frame(FRAME_PROGRESS, tag, offset);
        frame.progress = new PSProgressRecord();
        return frame;
      }
      default:
        if (!PRIMITIVES.has(tag)) this.#fail(`unknown element <${tag}>`);
        return new Frame(FRAME_TEXT, tag, offset);
    }
  }

  #referenceFrame(tag: string, offset: number): Frame {
    const frame = new Frame(FRAME_EMPTY, tag, offset);
    frame.refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
    if (frame.refId === undefined) this.#fail(`<${tag}> without a RefId attribute`);
    return frame;
  }

  #openMemberSet(parent: Frame, offset: number): Frame {
    const frame = new Frame(FRAME_MEMBERS, ELEMENT.memberSet, offset);
    if (parent.kind === FRAME_OBJECT) {
      frame.record = (parent.object as PSObject).extended;
      return frame;
    }
    if (parent.kind !== FRAME_MEMBERS) this.#fail('<MS> is only allowed inside <Obj> or <MS>');
    // A property set: a named <MS> nested in the member set.
    const name = this.#tokenizer.attribute(ATTRIBUTE.name);
    if (name === undefined) this.#fail('a nested <MS> needs an N attribute');
    frame.name = decodePsString(name);
    frame.record = new PSMemberSet().members;
    frame.isNestedMemberSet = true;
    return frame;
  }

  #text(frame: Frame): void {
    const text = this.#tokenizer.text;
    if (frame.kind === FRAME_TEXT) {
      frame.text = frame.text.length === 0 ? text : frame.text + text;
      if (frame.text.length > this.#limits.maxStringLength) {
        throw new ClixmlLimitError('maxStringLength', this.#limits.maxStringLength, `text of <${frame.tag}> at offset ${frame.offset}`);
      }
      return;
    }
    if (!/^[ \t\r\n]*$/.test(text)) this.#fail(`text is not allowed directly inside <${frame.tag}>`);
  }

  #close(frame: Frame, parent: Frame): void {
    switch (frame.kind) {
      case FRAME_OBJECTS:
        this.#document = frame;
        return;
      case FRAME_OBJECT:
        this.#deliver(parent, frame.object as PSObject, frame);
        return;
      case FRAME_MEMBERS:
        if (frame.isNestedMemberSet) {
          const memberSet = new PSMemberSet();
          Object.assign(memberSet.members, frame.record);
          this.#deliver(parent, memberSet, frame);
        }
        return;
      case FRAME_LIST:
        this.#deliver(parent, frame.list as PsValue[], frame);
        return;
      case FRAME_DICTIONARY:
        this.#deliver(parent, frame.dictionary as PSDictionary, frame);
        return;
      case FRAME_ENTRY:
        if (!frame.hasKey || !frame.hasValue) this.#fail('<En> needs a Key and a Value');
        (parent.dictionary as PSDictionary).set(frame.key as PsValue, frame.value as PsValue);
        return;
      case FRAME_TYPE_NAMES: {
        const names = frame.typeNames as string[];
        if (frame.refId !== undefined) this.#typeNames.set(frame.refId, names);
        (parent.object as PSObject).typeNames = names.slice();
        return;
      }
      case FRAME_TEXT:
        this.#closeText(frame, parent);
        return;
      case FRAME_PROGRESS:
        this.#deliver(parent, frame.progress as PSProgressRecord, frame);
        return;
      case FRAME_EMPTY:
        this.#closeEmpty(frame, parent);
        return;
    }
  }

  #closeText(frame: Frame, parent: Frame): void {
    if (parent.kind === FRAME_OBJECT && frame.tag === ELEMENT.toString) {
      (parent.object as PSObject).toStringValue = decodePsString(frame.text);
    } else if (parent.kind === FRAME_TYPE_NAMES) {
      (parent.typeNames as string[]).push(decodePsString(frame.text));
    } else if (parent.kind === FRAME_PROGRESS && PROGRESS_FIELDS.has(frame.tag)) {
      this.#setProgressField(parent, frame.tag, frame.text);
    } else {
      this.#deliver(parent, decodePrimitive(frame.tag as PrimitiveTag, frame.text, this.#limits.preserveNumberTypes), frame);
    }
  }

  #closeEmpty(frame: Frame, parent: Frame): void {
    if (frame.tag === ELEMENT.nil) {
      this.#deliver(parent, null, frame);
      return;
    }
    const refId = frame.refId as string;
    if (frame.tag === ELEMENT.reference) {
      const object = this.#objects.get(refId);
      if (object === undefined) throw new ClixmlReferenceError('object', refId, frame.offset);
      this.#deliver(parent, object, frame);
      return;
    }
    const names = this.#typeNames.get(refId);
    if (names === undefined) throw new ClixmlReferenceError('typeNames', refId, frame.offset);
    // Each object gets its own copy; the copy costs as much as the <T> elements it repeats.
    this.#tokenizer.countElements(names.length);
    (parent.object as PSObject).typeNames = names.slice();
  }

  #setProgressField(parent: Frame, tag: string, text: string): void {
    const progress = parent.progress as PSProgressRecord;
    switch (tag) {
      case PROGRESS_FIELD.activity:
        progress.activity = decodePsString(text);
        break;
      case PROGRESS_FIELD.activityId:
        progress.activityId = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.currentOperation:
        progress.currentOperation = decodePsString(text);
        parent.hasCurrentOperation = true;
        break;
      case PROGRESS_FIELD.parentActivityId:
        progress.parentActivityId = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.percentComplete:
        progress.percentComplete = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.recordType:
        progress.recordType = text.trim();
        break;
      case PROGRESS_FIELD.secondsRemaining:
        progress.secondsRemaining = parseInt32Field(tag, text);
        break;
      case PROGRESS_FIELD.statusDescription:
        progress.statusDescription = decodePsString(text);
        break;
    }
  }

  /** Hands a finished child value to the element that contains it. */
  #deliver(parent: Frame, value: PsValue, child: Frame): void {
    switch (parent.kind) {
      case FRAME_ROOT:
        parent.value = value;
        return;
      case FRAME_OBJECTS:
        (parent.list as PsValue[]).push(value);
        (parent.streams as (string | null)[]).push(child.stream);
        return;
      case FRAME_OBJECT:
        if (child.tag === ELEMENT.object || child.tag === ELEMENT.reference) {
          this.#fail('an object cannot be the base value of an <Obj>');
        }
        if (parent.hasBaseValue) this.#fail(`<Obj> has more than one base value (found <${child.tag}>)`);
        (parent.object as PSObject).baseValue = value;
        parent.hasBaseValue = true;
        return;
      case FRAME_MEMBERS:
        if (child.name === undefined) this.#fail(`<${child.tag}> inside <${parent.tag}> has no N attribute`);
        (parent.record as Record<string, PsValue>)[child.name] = value;
        return;
      case FRAME_LIST:
        (parent.list as PsValue[]).push(value);
        return;
      case FRAME_ENTRY:
        this.#setEntryPart(parent, child, value);
        return;
      case FRAME_PROGRESS:
        // The current operation is written as a value: <S> or <Nil/>.
        if ((child.tag !== ELEMENT.string && child.tag !== ELEMENT.nil) || parent.hasCurrentOperation) {
          this.#fail(`<${child.tag}> is not allowed inside <PR>`);
        }
        (parent.progress as PSProgressRecord).currentOperation = value as string | null;
        parent.hasCurrentOperation = true;
        return;
      default:
        this.#fail(`<${child.tag}> is not allowed inside <${parent.tag}>`);
    }
  }

  #setEntryPart(entry: Frame, child: Frame, value: PsValue): void {
    if (child.name === DICTIONARY_KEY && !entry.hasKey) {
      entry.key = value;
      entry.hasKey = true;
    } else if (child.name === DICTIONARY_VALUE && !entry.hasValue) {
      entry.value = value;
      entry.hasValue = true;
    } else {
      this.#fail(`<En> children need N="Key" or N="Value" once each (found ${child.name ?? 'no N'})`);
    }
  }
}
