import { PSObject, deserializeDocument } from '@psrp/clixml';
import { describe, expect, it } from 'vitest';
import { capturedConsole } from './captured-streams.test-support.js';
import { ClixmlOutput } from './clixml-output.js';
import { JsonOutput, jsonValue } from './json-output.js';

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
    expect(jsonValue(new Uint8Array([1, 2, 3]))).toBe('AQID');
    expect(jsonValue(new Map([['k', 1]]))).toEqual({ k: 1 });
    expect(jsonValue(new PSObject({ typeNames: ['X', 'System.Enum'], toStringValue: 'Running', baseValue: 4 }))).toBe('Running');
    expect(jsonValue(new PSObject({ baseValue: 'str', extended: { PSPath: 'p' } }))).toBe('str');
    const loop = new PSObject({ typeNames: ['L'], extended: {} });
    loop.extended.Self = loop;
    expect(jsonValue(loop)).toEqual({ PSTypeNames: ['L'], Self: '[Circular]' });
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
