/**
 * @module ps-unknown-element
 * An element this version does not know, as a newer serializer may write one (a new primitive tag, a new
 * part of `<Obj>`). It is kept as plain XML, not refused, and serialize() writes it back as it came.
 */

/** The attributes of every element written without any: one frozen record, not one per element. */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

export class PSUnknownElement {
  /** The element name, e.g. `SemanticVersion`. */
  readonly tag: string;
  /** Attributes as written, XML-decoded (an `N` here is also the property name it arrived under). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements and text, in order; text is XML-decoded but not `_xHHHH_`-decoded. */
  readonly children: readonly (PSUnknownElement | string)[];

  constructor(tag: string, attributes: Readonly<Record<string, string>> = {}, children: readonly (PSUnknownElement | string)[] = []) {
    this.tag = tag;
    this.attributes = Object.keys(attributes).length > 0 ? Object.assign(Object.create(null) as Record<string, string>, attributes) : NO_ATTRIBUTES;
    this.children = children;
  }

  /** The text inside, children included. */
  get text(): string {
    return this.children.map((child) => (typeof child === 'string' ? child : child.text)).join('');
  }

  toString(): string {
    return this.text;
  }

  toJSON(): unknown {
    return { tag: this.tag, attributes: { ...this.attributes }, text: this.text };
  }
}
