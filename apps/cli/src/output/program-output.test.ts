import { PSMemberSet, PSObject, deserialize, deserializeDocument } from '@psrp/clixml';
import { describe, expect, it } from 'vitest';
import { capturedConsole } from './captured-streams.test-support.js';
import { ClixmlOutput } from './clixml-output.js';
import { JsonOutput, taggedJson } from './json-output.js';

const service = (name: string) =>
  new PSObject({ typeNames: ['System.ServiceProcess.ServiceController', 'System.Object'], toStringValue: name, adapted: { Name: name, Status: 4 } });

describe('JsonOutput', () => {
  it('writes one array with type names and computer names', async () => {
    const { console, stdout } = capturedConsole();
    const output = new JsonOutput(console, { lines: false, showComputerName: true });
    await output.write('web1', service('winrm'));
    await output.write('web2', 'text');
    await output.end();
    expect(JSON.parse(stdout.text)).toEqual([
      { PSComputerName: 'web1', PSTypeNames: ['System.ServiceProcess.ServiceController', 'System.Object'], Name: 'winrm', Status: 4 },
      { PSComputerName: 'web2', Value: 'text' },
    ]);
  });

  it('writes one value per line, bare with --hide-computer-name, and [] for nothing', async () => {
    const { console, stdout } = capturedConsole();
    const output = new JsonOutput(console, { lines: true, showComputerName: false });
    await output.write('a', 1);
    await output.write('a', 2n ** 70n);
    await output.end();
    expect(stdout.text).toBe('1\n"1180591620717411303424"\n');
    const empty = capturedConsole();
    const none = new JsonOutput(empty.console, { lines: false, showComputerName: true });
    await none.end();
    expect(empty.stdout.text).toBe('[]\n');
  });

  it('turns deserialized values into plain JSON', () => {
    const jsonValue = (value: unknown) => taggedJson(value, null);
    expect(jsonValue(new Uint8Array([1, 2, 3]))).toBe('AQID');
    expect(jsonValue(new Map([['k', 1]]))).toEqual({ k: 1 });
    expect(jsonValue(new PSObject({ typeNames: ['X', 'System.Enum'], toStringValue: 'Running', baseValue: 4 }))).toBe('Running');
    expect(jsonValue(new PSObject({ baseValue: 'str', extended: { PSPath: 'p' } }))).toBe('str');
    expect(jsonValue(Number.NaN)).toBe('NaN');
    const loop = new PSObject({ typeNames: ['L'], extended: {} });
    loop.extended.Self = loop;
    expect(jsonValue(loop)).toEqual({ PSTypeNames: ['L'], Self: '[Circular]' });
    // Member sets are not properties; a list with notes is its items (as ConvertTo-Json writes both).
    const withMembers = new PSObject({ typeNames: ['M'], adapted: { Name: 'n' }, extended: { PSStandardMembers: new PSMemberSet({ x: 1 }) } });
    expect(taggedJson(withMembers, 'web1')).toEqual({ PSComputerName: 'web1', PSTypeNames: ['M'], Name: 'n' });
    expect(taggedJson(new PSObject({ baseValue: [1, 2], extended: { Note: 'n' } }), 'web1')).toEqual({ PSComputerName: 'web1', Value: [1, 2] });
  });

  it('writes a byte array shared by 1,000 <Ref>s once per item, then "[Shared]" (issue 12: 1.4 GB before)', async () => {
    const base64 = Buffer.alloc(1024 * 1024, 7).toString('base64');
    const xml =
      '<Obj RefId="0"><TN RefId="0"><T>Deserialized.Blob</T></TN><MS>' +
      `<Obj N="First" RefId="1"><BA>${base64}</BA></Obj>` +
      `<Obj N="Copies" RefId="2"><LST>${'<Ref RefId="1" />'.repeat(999)}</LST></Obj>` +
      '</MS></Obj>';
    const blob = deserialize(xml) as PSObject;
    expect((blob.get('Copies') as PSObject).baseValue).toHaveLength(999);
    expect((blob.get('Copies') as PSObject).baseValue).toSatisfy((copies: unknown[]) => copies.every((copy) => copy === blob.get('First')));
    const expected = { PSComputerName: 'web1', PSTypeNames: ['Deserialized.Blob'], First: base64, Copies: Array(999).fill('[Shared]') };
    for (const lines of [false, true]) {
      const { console, stdout } = capturedConsole();
      const output = new JsonOutput(console, { lines, showComputerName: true });
      await output.write('web1', blob);
      await output.end();
      expect(stdout.text.length).toBeLessThan(base64.length + 20_000);
      expect(JSON.parse(stdout.text)).toEqual(lines ? expected : [expected]);
    }
  });
});

describe('ClixmlOutput', () => {
  it('writes one document whose RefIds stay unique, with PSComputerName on every object', async () => {
    const { console, stdout } = capturedConsole();
    const output = new ClixmlOutput(console, { showComputerName: true });
    await output.write('web1', service('a'));
    await output.write('web2', service('b'));
    await output.write('web2', 'text');
    await output.end();
    const ids = [...stdout.text.matchAll(/<Obj[^>]*RefId="(\d+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const values = deserializeDocument(stdout.text) as PSObject[];
    expect(values).toHaveLength(3);
    expect(values.map((value) => value.get('PSComputerName'))).toEqual(['web1', 'web2', 'web2']);
    expect(values[1]!.get('Name')).toBe('b');
    expect(values[1]!.typeNames.some((name) => name.endsWith('System.ServiceProcess.ServiceController'))).toBe(true);
  });
});
