/**
 * @module clixml-reader
 * Builds values from the token stream with an explicit frame stack (no recursion): one frame per open
 * element, and each closed element hands its value to the frame below it. Object identity follows
 * MS-PSRP 2.2.5.2.1.2: an `<Obj RefId>` is registered when it opens, and a later `<Ref>` returns the same
 * PSObject instance (so a Ref to an enclosing object makes a JS cycle, never a loop in the reader).
 *
 * Input is pushed in chunks; the reader keeps its frames between them, so a document of any length is read
 * with memory for one top-level value at a time (plus the objects a later `<Ref>` may name).
 */
import {
  ATTRIBUTE,
  DICTIONARY_KEY,
  DICTIONARY_VALUE,
  ELEMENT,
  PROGRESS_FIELD,
  type PrimitiveTag,
} from './element-names.js';
import {
  TAG_ADAPTED_PROPERTIES,
  TAG_DICTIONARY,
  TAG_DICTIONARY_ENTRY,
  TAG_KINDS,
  TAG_LIST,
  TAG_MEMBER_SET,
  TAG_NIL,
  TAG_OBJECT,
  TAG_OBJECTS,
  TAG_PRIMITIVE,
  TAG_PROGRESS_RECORD,
  TAG_REFERENCE,
  TAG_TO_STRING,
  TAG_TYPE_NAME,
  TAG_TYPE_NAMES,
  TAG_TYPE_NAMES_REFERENCE,
  TAG_UNKNOWN,
} from './element-kinds.js';
import { ClixmlLimitError, ClixmlParseError, ClixmlReferenceError } from './errors.js';
import type { DeserializeSettings } from './limits.js';
import { decodePrimitive } from './primitive-codec.js';
import { decodePsStringPieces } from './ps-string-pieces.js';
import { decodePsString } from './string-escaping.js';
import type { PsValue } from './value.js';
import {
  PSDictionary,
  PSMemberSet,
  PSObject,
  setListTag,
  setTypeNameSource,
  typeNameSource,
  type ListTag,
  type TypeNameSource,
} from './values/ps-object.js';
import { PSProgressRecord, setProgressField } from './values/ps-progress-record.js';
import { PSUnknownElement } from './values/ps-unknown-element.js';
import { RefTable } from './ref-table.js';
import { Frame, FRAME_DICTIONARY, FRAME_EMPTY, FRAME_ENTRY, FRAME_LIST, FRAME_MEMBERS, FRAME_OBJECT, FRAME_OBJECTS, FRAME_PROGRESS, FRAME_ROOT, FRAME_TEXT, FRAME_TYPE_NAMES, FRAME_UNKNOWN } from './reader-frame.js';
import { TOKEN_END, TOKEN_END_TAG, TOKEN_MORE, TOKEN_START_TAG, TOKEN_TEXT, XmlTokenizer } from './xml-tokenizer.js';
import { TEXT_UNCHECKED, type TextKnowledge } from './xml-chars.js';

const PROGRESS_FIELDS: ReadonlySet<string> = new Set(Object.values(PROGRESS_FIELD));


/** One top-level object of a document, with the stream its `S` attribute names (e.g. "Error"), if any. */
export interface ClixmlDocumentEntry {
  value: PsValue;
  stream: string | null;
}

/** What the reader expects at the top. */
export type ReaderMode =
  /** One value element: a message body, `<S>hi</S>`. */
  | 'value'
  /** `<Objs>` documents (Export-Clixml, `#< CLIXML` stderr), kept whole: every object stays reachable by `<Ref>`. */
  | 'document'
  /** `<Objs>` documents read value by value: limits per value, only maxRetainedReferences objects kept for `<Ref>`. */
  | 'stream';

export class ClixmlReader {
  readonly #tokenizer: XmlTokenizer;
  readonly #limits: DeserializeSettings;
  readonly #mode: ReaderMode;
  readonly #frames: Frame[];
  readonly #pool: Frame[] = [];
  readonly #objects: RefTable<PSObject>;
  readonly #typeNames: RefTable<TypeNameSource>;
  readonly #entries: ClixmlDocumentEntry[] = [];
  readonly #root: Frame;
  #finished = false;

  constructor(limits: DeserializeSettings, mode: ReaderMode) {
    this.#limits = limits;
    this.#mode = mode;
    this.#tokenizer = new XmlTokenizer(limits, mode !== 'value');
    this.#root = new Frame(FRAME_ROOT, '', 0);
    this.#objects = new RefTable(mode === 'stream');
    this.#typeNames = new RefTable(mode === 'stream');
    this.#frames = [this.#root];
  }

  /** Reads one complete text; `known`: what is known of its characters (see XmlTokenizer.push). */
  static read(input: string, limits: DeserializeSettings, mode: ReaderMode, known: TextKnowledge = TEXT_UNCHECKED): ClixmlReader {
    const reader = new ClixmlReader(limits, mode);
    reader.push(input, known);
    reader.end();
    return reader;
  }

  /** `known`: see XmlTokenizer.push. */
  push(chunk: string, known: TextKnowledge = TEXT_UNCHECKED): void {
    this.#tokenizer.push(chunk, known);
    this.#run();
  }

  end(): void {
    this.#tokenizer.end();
    this.#run();
  }

  /** True once the whole input was read. */
  get finished(): boolean {
    return this.#finished;
  }

  /** The root value ('value' mode), after end(). */
  get value(): PsValue {
    return this.#root.value as PsValue;
  }

  /** Top-level values of `<Objs>` documents completed since the last call. */
  takeEntries(): ClixmlDocumentEntry[] {
    return this.#entries.splice(0, this.#entries.length);
  }

  #run(): void {
    const tokenizer = this.#tokenizer;
    const frames = this.#frames;
    for (;;) {
      switch (tokenizer.next()) {
        case TOKEN_START_TAG: {
          const parent = frames[frames.length - 1] as Frame;
          const frame = this.#open(parent);
          // A primitive's text and end tag read at once: the frame closes without being pushed.
          const text = frame.kind === FRAME_TEXT ? tokenizer.takeTextContent() : null;
          if (text === null) {
            frames.push(frame);
          } else {
            frame.text = text;
            this.#checkLength(frame, text.length);
            this.#close(frame, parent);
          }
          break;
        }
        case TOKEN_TEXT:
          this.#text(frames[frames.length - 1] as Frame);
          break;
        case TOKEN_END_TAG: {
          const frame = frames.pop() as Frame;
          this.#close(frame, frames[frames.length - 1] as Frame);
          break;
        }
        case TOKEN_MORE:
          return;
        case TOKEN_END:
          this.#finished = true;
          return;
      }
    }
  }

  /** The frame for an element opening at the current depth: the one used there before, reset. */
  #frame(kind: number, tag: string, offset: number): Frame {
    const depth = this.#frames.length;
    const pooled = this.#pool[depth];
    if (pooled !== undefined) return pooled.reset(kind, tag, offset);
    const frame = new Frame(kind, tag, offset);
    this.#pool[depth] = frame;
    return frame;
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
    if (parent.kind === FRAME_UNKNOWN) return this.#openUnknown(tag, offset);
    if (parent.kind === FRAME_TEXT || parent.kind === FRAME_EMPTY) {
      this.#fail(`<${parent.tag}> cannot contain elements (found <${tag}>)`);
    }
    const kind = TAG_KINDS.get(tag) ?? TAG_UNKNOWN;
    switch (kind) {
      case TAG_OBJECTS: {
        if (parent.kind !== FRAME_ROOT || this.#mode === 'value') {
          this.#fail('<Objs> is a document root: read it with deserializeDocument()');
        }
        // Each document was written by its own serializer: its RefIds start again.
        this.#objects.clear();
        this.#typeNames.clear();
        return this.#frame(FRAME_OBJECTS, tag, offset);
      }
      case TAG_TYPE_NAMES: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame = this.#frame(FRAME_TYPE_NAMES, tag, offset);
        frame.refId = tokenizer.attribute(ATTRIBUTE.refId);
        frame.typeNames = [];
        return frame;
      }
      case TAG_TYPE_NAMES_REFERENCE:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return this.#referenceFrame(tag, offset);
      case TAG_TO_STRING:
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        return this.#frame(FRAME_TEXT, tag, offset);
      case TAG_ADAPTED_PROPERTIES: {
        this.#requireParent(parent, FRAME_OBJECT, tag, ELEMENT.object);
        const frame = this.#frame(FRAME_MEMBERS, tag, offset);
        frame.record = (parent.target as PSObject).adapted;
        return frame;
      }
      case TAG_MEMBER_SET:
        return this.#openMemberSet(parent, offset);
      case TAG_TYPE_NAME:
        if (parent.kind !== FRAME_TYPE_NAMES && parent.kind !== FRAME_PROGRESS) {
          this.#fail('<T> is only allowed inside <TN> or <PR>');
        }
        return this.#frame(FRAME_TEXT, tag, offset);
      case TAG_DICTIONARY_ENTRY:
        this.#requireParent(parent, FRAME_DICTIONARY, tag, ELEMENT.dictionary);
        return this.#frame(FRAME_ENTRY, tag, offset);
      default:
        break;
    }
    if (parent.kind === FRAME_PROGRESS && PROGRESS_FIELDS.has(tag)) return this.#frame(FRAME_TEXT, tag, offset);
    if (parent.kind === FRAME_DICTIONARY || parent.kind === FRAME_TYPE_NAMES || (parent.kind === FRAME_ROOT && this.#mode !== 'value')) {
      this.#fail(`<${tag}> is not allowed ${parent.kind === FRAME_ROOT ? 'as the document root (expected <Objs>)' : `inside <${parent.tag}>`}`);
    }
    const frame = this.#openValue(kind, tag, offset);
    if (tokenizer.attributeCount > 0) {
      const name = tokenizer.attribute(ATTRIBUTE.name);
      if (name !== undefined) frame.name = decodePsString(name);
      if (parent.kind === FRAME_OBJECTS) frame.stream = tokenizer.attribute(ATTRIBUTE.stream) ?? null;
    }
    return frame;
  }

  #openValue(kind: number, tag: string, offset: number): Frame {
    switch (kind) {
      case TAG_PRIMITIVE:
        return this.#frame(FRAME_TEXT, tag, offset);
      case TAG_OBJECT: {
        const frame = this.#frame(FRAME_OBJECT, tag, offset);
        const { object, target } = PSObject.createForReader();
        frame.object = object;
        frame.target = target;
        const refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
        // Registered before its content so that references inside it resolve to it.
        if (refId !== undefined) {
          // Streaming keeps the most recently used last: a RefId defined again moves to the end.
          this.#objects.define(refId, object);
        }
        return frame;
      }
      case TAG_REFERENCE:
        return this.#referenceFrame(tag, offset);
      case TAG_NIL:
        return this.#frame(FRAME_EMPTY, tag, offset);
      case TAG_LIST: {
        const frame = this.#frame(FRAME_LIST, tag, offset);
        frame.list = [];
        return frame;
      }
      case TAG_DICTIONARY: {
        const frame = this.#frame(FRAME_DICTIONARY, tag, offset);
        frame.dictionary = new PSDictionary();
        return frame;
      }
      case TAG_PROGRESS_RECORD: {
        const frame = this.#frame(FRAME_PROGRESS, tag, offset);
        frame.progress = new PSProgressRecord();
        return frame;
      }
      default:
        // A newer serializer's element: kept as XML, not refused.
        return this.#openUnknown(tag, offset);
    }
  }

  #openUnknown(tag: string, offset: number): Frame {
    const tokenizer = this.#tokenizer;
    const frame = this.#frame(FRAME_UNKNOWN, tag, offset);
    const attributes = Object.create(null) as Record<string, string>;
    for (let index = 0; index < tokenizer.attributeCount; index++) {
      attributes[tokenizer.attributeNames[index] as string] = tokenizer.attributeValues[index] as string;
    }
    frame.attributes = attributes;
    frame.children = [];
    return frame;
  }

  #referenceFrame(tag: string, offset: number): Frame {
    const frame = this.#frame(FRAME_EMPTY, tag, offset);
    frame.refId = this.#tokenizer.attribute(ATTRIBUTE.refId);
    if (frame.refId === undefined) this.#fail(`<${tag}> without a RefId attribute`);
    return frame;
  }

  #openMemberSet(parent: Frame, offset: number): Frame {
    const frame = this.#frame(FRAME_MEMBERS, ELEMENT.memberSet, offset);
    if (parent.kind === FRAME_OBJECT) {
      frame.record = (parent.target as PSObject).extended;
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
    const tokenizer = this.#tokenizer;
    if (frame.kind !== FRAME_TEXT && frame.kind !== FRAME_UNKNOWN) {
      // Between elements only whitespace may stand (a pretty-printed document's indentation); it is never decoded.
      if (!tokenizer.textIsWhitespace && !/^[ \t\r\n]*$/.test(tokenizer.text)) this.#fail(`text is not allowed directly inside <${frame.tag}>`);
      return;
    }
    const text = tokenizer.text;
    if (frame.kind === FRAME_TEXT) {
      if (frame.text.length === 0) {
        frame.text = text;
      } else {
        (frame.pieces ??= [frame.text]).push(text);
        frame.text += text;
      }
      this.#checkLength(frame, frame.text.length);
      return;
    }
    if (frame.kind === FRAME_UNKNOWN) {
      const children = frame.children as (PSUnknownElement | string)[];
      const last = children.length - 1;
      if (last >= 0 && typeof children[last] === 'string') children[last] += text;
      else children.push(text);
      this.#checkLength(frame, (children[children.length - 1] as string).length);
    }
  }

  #checkLength(frame: Frame, length: number): void {
    if (length > this.#limits.maxStringLength) {
      throw new ClixmlLimitError('maxStringLength', this.#limits.maxStringLength, `text of <${frame.tag}> at offset ${frame.offset}`);
    }
  }

  #close(frame: Frame, parent: Frame): void {
    switch (frame.kind) {
      case FRAME_OBJECTS:
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
        if (frame.tag !== ELEMENT.list && parent.kind === FRAME_OBJECT) setListTag(parent.target as PSObject, frame.tag as ListTag);
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
        const original = frame.typeNames as string[];
        const source = typeNameSource(original);
        if (frame.refId !== undefined) this.#typeNames.define(frame.refId, source);
        setTypeNameSource(parent.target as PSObject, source);
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
      case FRAME_UNKNOWN:
        this.#closeUnknown(frame, parent);
        return;
    }
  }

  #closeUnknown(frame: Frame, parent: Frame): void {
    const element = new PSUnknownElement(frame.tag, frame.attributes as Record<string, string>, frame.children as (PSUnknownElement | string)[]);
    switch (parent.kind) {
      case FRAME_UNKNOWN:
        (parent.children as (PSUnknownElement | string)[]).push(element);
        return;
      case FRAME_OBJECT: {
        const target = parent.target as PSObject;
        // Added in place: a copy per element made an object of n unknown elements cost n² (40,000 took 88 s).
        const kept = target.unknownElements;
        if (kept.length === 0) target.unknownElements = [element];
        else kept.push(element);
        return;
      }
      case FRAME_PROGRESS:
        // A newer ProgressRecord field: nothing in PSProgressRecord can hold it.
        return;
      default:
        this.#deliver(parent, element, frame);
    }
  }

  #closeText(frame: Frame, parent: Frame): void {
    if (parent.kind === FRAME_OBJECT && frame.tag === ELEMENT.toString) {
      (parent.target as PSObject).toStringValue = decodePsString(frame.text);
    } else if (parent.kind === FRAME_TYPE_NAMES) {
      (parent.typeNames as string[]).push(decodePsString(frame.text));
    } else if (parent.kind === FRAME_PROGRESS && PROGRESS_FIELDS.has(frame.tag)) {
      if (frame.tag === PROGRESS_FIELD.currentOperation) parent.hasCurrentOperation = true;
      setProgressField(parent.progress as PSProgressRecord, frame.tag, frame.text);
    } else if (frame.pieces !== null && frame.tag === ELEMENT.string) {
      this.#deliver(parent, decodePsStringPieces(frame.pieces), frame);
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
      const object = this.#recall(this.#objects, refId, 'object', frame);
      this.#deliver(parent, object, frame);
      return;
    }
    const source = this.#recall(this.#typeNames, refId, 'typeNames', frame);
    // Each object gets its own copy; the copy costs as much as the <T> elements it repeats.
    this.#tokenizer.countElements(source.presented.length);
    setTypeNameSource(parent.target as PSObject, source);
  }

  /** Looks up a RefId (when streaming, a hit becomes the most recently used). */
  #recall<T>(table: RefTable<T>, refId: string, kind: 'object' | 'typeNames', frame: Frame): T {
    const found = table.use(refId);
    if (found === undefined) {
      const hint = this.#mode === 'stream' ? ' or was dropped (raise maxRetainedReferences)' : '';
      throw new ClixmlReferenceError(kind, refId, frame.offset, hint);
    }
    return found;
  }

  /** After a top-level value: a streaming reader keeps only the most recently used objects and type-name lists. */
  #entryDone(): void {
    if (this.#mode !== 'stream') return;
    this.#tokenizer.resetElementCount();
    this.#objects.trim(this.#limits.maxRetainedReferences);
    this.#typeNames.trim(this.#limits.maxRetainedReferences);
  }

  /** Hands a finished child value to the element that contains it. */
  #deliver(parent: Frame, value: PsValue, child: Frame): void {
    switch (parent.kind) {
      case FRAME_ROOT:
        parent.value = value;
        return;
      case FRAME_OBJECTS:
        this.#entries.push({ value, stream: child.stream });
        this.#entryDone();
        return;
      case FRAME_OBJECT:
        // PowerShell reads an object inside an object too (its base is then that object).
        if (parent.hasBaseValue) this.#fail(`<Obj> has more than one base value (found <${child.tag}>)`);
        (parent.target as PSObject).baseValue = value;
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
