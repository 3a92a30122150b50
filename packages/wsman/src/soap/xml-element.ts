/**
 * @module soap/xml-element
 * The namespace-resolved element tree the response parsers walk. Names are matched by namespace URI
 * and local name, never by prefix: Windows answers with its own prefixes (a:, w:, p:, x:).
 */

export interface XmlElement {
  /** Resolved namespace URI; '' for an element in no namespace. */
  readonly namespace: string;
  readonly localName: string;
  /** Attributes by local name (prefixes dropped; xmlns declarations excluded). */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own text nodes concatenated, entities decoded, not trimmed. */
  readonly text: string;
}

/** The first child element with this namespace and local name, or undefined. */
export function findChild(parent: XmlElement, namespace: string, localName: string): XmlElement | undefined {
  return parent.children.find((child) => child.namespace === namespace && child.localName === localName);
}

/** Every child element with this namespace and local name, in document order. */
export function findChildren(parent: XmlElement, namespace: string, localName: string): XmlElement[] {
  return parent.children.filter((child) => child.namespace === namespace && child.localName === localName);
}

/** The first element below `root` (depth first, root excluded) with this name, or undefined. */
export function findDescendant(root: XmlElement, namespace: string, localName: string): XmlElement | undefined {
  // An explicit stack: depth is already bounded by the reader, but no recursion keeps it obvious.
  const pending: XmlElement[] = [...root.children].reverse();
  for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
    if (element.namespace === namespace && element.localName === localName) return element;
    for (let index = element.children.length - 1; index >= 0; index--) pending.push(element.children[index]!);
  }
  return undefined;
}

/** Walks a path of [namespace, localName] steps from `root`; undefined when a step is missing. */
export function findPath(root: XmlElement, path: readonly (readonly [string, string])[]): XmlElement | undefined {
  let current: XmlElement | undefined = root;
  for (const [namespace, localName] of path) {
    if (current === undefined) return undefined;
    current = findChild(current, namespace, localName);
  }
  return current;
}
