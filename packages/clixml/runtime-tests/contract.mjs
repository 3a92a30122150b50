/**
 * The runtime contract of @psrp/clixml (test-support/runtime-matrix/run-matrix.mjs runs it on Node, Deno, Bun,
 * headless Chromium and workerd against dist/): what differs between runtimes is the text codecs (UTF-8 and UTF-16
 * TextDecoder, a BOM), web streams, Date and BigInt handling; what must not differ is the model PowerShell's
 * serializer gives, and the typed refusal of hostile input.
 */
import { ClixmlStreamReader, PSObject, deserialize, deserializeUtf8, readClixml, serialize, serializeDocument, serializeDocumentToUtf8, serializeToUtf8 } from '../dist/index.js';
import { assert, createChecks, expectErrorCode } from '../../../test-support/runtime-matrix/contract-checks.mjs';

// A remoting body as PowerShell's serializer writes one (type names once, properties, ToString).
const PROCESS_BODY =
  '<Obj RefId="0"><TN RefId="0"><T>System.Diagnostics.Process</T><T>System.ComponentModel.Component</T><T>System.Object</T></TN>' +
  '<ToString>System.Diagnostics.Process (pwsh)</ToString><Props><S N="Name">pwsh</S><I32 N="Id">4242</I32>' +
  '<I64 N="WorkingSet64">123456789012</I64><DT N="StartTime">2024-02-29T23:59:58.1234567Z</DT>' +
  '<S N="Path">C:\\Program Files\\PowerShell\\7\\pwsh.exe_x000A_</S></Props></Obj>';

function utf16le(text) {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    bytes[2 + index * 2] = unit & 0xff;
    bytes[3 + index * 2] = unit >> 8;
  }
  return bytes;
}

export async function run() {
  const { check, report } = createChecks();

  await check('a deserialized object: type names, properties, ToString, dates, escaped strings', () => {
    const process = deserialize(PROCESS_BODY);
    assert(process instanceof PSObject, 'a PSObject');
    assert(process.typeNames[0] === 'Deserialized.System.Diagnostics.Process', `type name ${process.typeNames[0]}`);
    assert(process.get('Name') === 'pwsh' && process.Name === 'pwsh', 'Name');
    assert(process.get('Id') === 4242, 'Id');
    assert(String(process) === 'System.Diagnostics.Process (pwsh)', `ToString ${String(process)}`);
    assert(process.get('Path') === 'C:\\Program Files\\PowerShell\\7\\pwsh.exe\n', `escaped string ${JSON.stringify(process.get('Path'))}`);
    const started = process.get('StartTime');
    assert(started instanceof Date && started.toISOString() === '2024-02-29T23:59:58.123Z', `StartTime ${String(started)}`);
    assert(process.get('WorkingSet64') === 123456789012n, 'an Int64 is a BigInt');
  });

  await check('serialize and read back: strings, numbers, BigInt, arrays, maps, dates', () => {
    const value = { Name: 'line\nbreak_x0041_ and \u{1F600}', Size: 2 ** 40, Big: 2n ** 63n - 1n, Tags: ['a', 'b'], Table: new Map([['k', 1]]), When: new Date(Date.UTC(2020, 0, 2, 3, 4, 5)) };
    const xml = serialize(value);
    assert(xml.includes('<I64 N="Size">1099511627776</I64>'), 'Size as I64');
    const back = deserialize(xml);
    assert(back.get('Name') === value.Name, `Name ${JSON.stringify(back.get('Name'))}`);
    assert(back.get('Size') === 2n ** 40n, `Size ${String(back.get('Size'))}`);
    assert(back.get('Big') === value.Big, `Big ${String(back.get('Big'))}`);
    assert(JSON.stringify(back.get('Tags').baseValue) === '["a","b"]', 'Tags');
    const table = back.get('Table').baseValue;
    assert(table instanceof Map && table.get('k') === 1, 'Table');
    assert(serialize(back.get('When')) === serialize(value.When), 'When');
  });

  await check('serializeToUtf8 and serializeDocumentToUtf8: the UTF-8 of the text, small and past 64 KiB', () => {
    const value = { Name: 'é\u{1F600}<', When: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)), Items: Array.from({ length: 5000 }, (_, index) => `item ${index} é`) };
    const same = (bytes, text) => {
      const expected = new TextEncoder().encode(text);
      return bytes.length === expected.length && bytes.every((byte, index) => byte === expected[index]);
    };
    assert(same(serializeToUtf8(value.Name), serialize(value.Name)), 'a small value');
    assert(same(serializeToUtf8(value), serialize(value)), 'a value past 64 KiB');
    assert(same(serializeDocumentToUtf8([value, value.When]), serializeDocument([value, value.When])), 'a document');
  });

  await check('a UTF-16 Export-Clixml document with a BOM, pushed in odd-sized chunks', () => {
    const bytes = utf16le(serializeDocument(['één', 42, { Key: 'wert' }]));
    const reader = new ClixmlStreamReader();
    const values = [];
    for (let offset = 0; offset < bytes.length; offset += 7) values.push(...reader.push(bytes.subarray(offset, offset + 7)));
    values.push(...reader.end());
    const items = values.map((entry) => entry.value);
    assert(items.length === 3 && items[0] === 'één' && items[1] === 42 && items[2].get('Key') === 'wert', `values ${JSON.stringify(values)}`);
  });

  await check('readClixml over a web ReadableStream of UTF-8 bytes', async () => {
    const bytes = new TextEncoder().encode(serializeDocument(['x', 'y']));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 5));
        controller.enqueue(bytes.subarray(5));
        controller.close();
      },
    });
    const values = [];
    for await (const value of readClixml(stream)) values.push(value);
    assert(JSON.stringify(values) === '["x","y"]', `values ${JSON.stringify(values)}`);
  });

  await check('hostile input: DOCTYPE, nesting past the depth limit, malformed values are typed errors', async () => {
    await expectErrorCode(() => deserialize('<!DOCTYPE x [<!ENTITY a "b">]><S>&a;</S>'), 'CLIXML_ERR_FORBIDDEN_MARKUP');
    await expectErrorCode(() => deserialize(`${'<LST>'.repeat(5000)}${'</LST>'.repeat(5000)}`), 'CLIXML_ERR_LIMIT');
    await expectErrorCode(() => deserialize('<I32>abc</I32>'), 'CLIXML_ERR_VALUE');
    await expectErrorCode(() => deserialize('<S>unclosed'), 'CLIXML_ERR_PARSE');
  });

  await check('UTF-8 bodies: forbidden characters refused at their offset, whichever way this runtime searches them', async () => {
    const encoder = new TextEncoder();
    for (const text of [`<S>${'é'.repeat(300)}\u0001</S>`, `<S>${'a'.repeat(3000)}\uFFFF</S>`, '<S>a\u0008</S>']) {
      await expectErrorCode(() => deserializeUtf8(encoder.encode(text)), 'CLIXML_ERR_PARSE');
      let offset;
      try {
        deserializeUtf8(encoder.encode(text));
      } catch (error) {
        offset = error.offset;
      }
      assert(offset === text.length - 5, `offset ${offset} in a text of ${text.length}`);
    }
    const clean = `${'é'.repeat(300)}\t\r\n${'a'.repeat(3000)}`;
    assert(deserializeUtf8(encoder.encode(`<S>${clean}</S>`)) === clean.replace('\r\n', '\n'), 'a clean body');
  });

  return report();
}
