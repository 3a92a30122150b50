/**
 * What console.log and util.inspect show for a PSObject (ps-object-inspect). Here, not beside the source: it asks
 * Node's util.inspect, and the package's source imports nothing from node:*.
 */
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { deserialize, PSObject } from '../src/index.js';

describe('PSObject under util.inspect', () => {
  test('util.inspect shows the properties under the type name, not the fields of the model', () => {
    const file = deserialize(
      '<Obj RefId="0"><TN RefId="0"><T>System.IO.FileInfo</T><T>System.Object</T></TN><ToString>/tmp/a.txt</ToString>' +
        '<Props><S N="Name">a.txt</S><I64 N="Length">5</I64></Props><MS><S N="PSPath">p</S>' +
        '<Obj N="Tags" RefId="1"><TN RefId="1"><T>System.Object[]</T></TN><LST><S>x</S></LST></Obj>' +
        '<Obj N="Color" RefId="2"><TN RefId="2"><T>System.ConsoleColor</T><T>System.Enum</T></TN><ToString>Red</ToString><I32>12</I32></Obj></MS></Obj>',
    ) as PSObject;
    const shown = inspect(file, { breakLength: Infinity });
    expect(shown).toBe(
      "PSObject [Deserialized.System.IO.FileInfo] { Name: 'a.txt', Length: 5n, PSPath: 'p', Tags: [ 'x' ], " +
        "Color: PSObject [Deserialized.System.ConsoleColor] { [Symbol(toString)]: 'Red', [Symbol(baseValue)]: 12 } }",
    );
    // An extended property hides an adapted one of the same name, as `object.Name` reads it; __proto__ is a key.
    const shadowed = new PSObject({ adapted: { Name: 'adapted' }, extended: { Name: 'extended' } });
    shadowed.extended['__proto__'] = 1;
    expect(inspect(shadowed)).toBe("PSObject { Name: 'extended', ['__proto__']: 1 }");
    // A hashtable is shown as its entries.
    expect(inspect(deserialize('<Obj RefId="0"><DCT><En><S N="Key">k</S><I32 N="Value">1</I32></En></DCT></Obj>'))).toBe("PSDictionary(1) [Map] { 'k' => 1 }");
  });

  test('util.inspect marks a cycle at any depth, stops at the depth asked for, and shows each object as it is now', () => {
    const node = new PSObject({ typeNames: ['Node'], extended: { n: 1 } });
    node.extended.self = new PSObject({ typeNames: ['Holder'], extended: { back: node, list: [node] } });
    expect(inspect(node, { depth: Infinity, breakLength: Infinity })).toBe(
      'PSObject [Node] { n: 1, self: PSObject [Holder] { back: [Circular PSObject [Node]], list: [ [Circular PSObject [Node]] ] } }',
    );
    expect(inspect(node, { depth: 0 })).toBe('PSObject [Node] { n: 1, self: [PSObject [Holder]] }');
    node.extended.n = 2;
    expect(inspect(node, { depth: 0 })).toBe('PSObject [Node] { n: 2, self: [PSObject [Holder]] }');
    // Shown in colour when asked for, as the runtime colours its own values.
    expect(inspect(node, { depth: 0, colors: true })).toContain('\u001b[33m2\u001b[39m');
  });
});
