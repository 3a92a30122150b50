/**
 * The yardstick for deserialize: the least a reader of these bytes can do. indexOf to the next `<` and `>`,
 * the tag name cut at the first space, attributes kept as one raw string, text kept raw, one node object per
 * element in a generic tree. No entities, no escaping, no validation, no values.
 */
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const SPACE = 0x20;

export function bareTree(text) {
  const root = { name: '#document', attributes: '', children: [] };
  const stack = [root];
  let parent = root;
  let position = 0;
  const length = text.length;
  while (position < length) {
    const open = text.indexOf('<', position);
    if (open < 0) break;
    if (open > position) parent.children.push(text.slice(position, open));
    const close = text.indexOf('>', open);
    const marker = text.charCodeAt(open + 1);
    if (marker === SLASH) {
      stack.pop();
      parent = stack[stack.length - 1];
    } else if (marker !== BANG && marker !== QUESTION) {
      const selfClosing = text.charCodeAt(close - 1) === SLASH;
      const end = selfClosing ? close - 1 : close;
      // The name ends at the first space inside the tag (a scan that stops at the tag's end, not the document's).
      let nameEnd = open + 1;
      while (nameEnd < end && text.charCodeAt(nameEnd) !== SPACE) nameEnd++;
      const node = { name: text.slice(open + 1, nameEnd), attributes: text.slice(nameEnd, end), children: [] };
      parent.children.push(node);
      if (!selfClosing) {
        stack.push(node);
        parent = node;
      }
    }
    position = close + 1;
  }
  return root;
}
