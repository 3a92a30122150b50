import { PSMemberSet, PSObject } from '@psrp/clixml';
import { describe, expect, it } from 'vitest';
import { capturedConsole } from './captured-streams.test-support.js';
import { DisplayPropertyCatalog, fromStandardMembers } from './display-properties.js';
import { ObjectView } from './object-view.js';

const custom = (properties: Record<string, unknown>, typeName = 'System.Management.Automation.PSCustomObject') =>
  new PSObject({ typeNames: [typeName, 'System.Object'], extended: properties as never });

describe('ObjectView', () => {
  it('prints small objects as a table, numbers on the right, text lines as they are', async () => {
    const { console, stdout } = capturedConsole();
    const view = new ObjectView(console, { showComputerName: false });
    await view.write('h', custom({ Name: 'alpha', Size: 5 }));
    await view.write('h', custom({ Name: 'b', Size: 12345 }));
    await view.write('h', 'a line');
    await view.end();
    expect(stdout.text).toBe('\nName   Size\n----   ----\nalpha     5\nb     12345\n\na line\n');
  });

  it('prints objects with more than four properties as a list', async () => {
    const { console, stdout } = capturedConsole();
    const view = new ObjectView(console, { showComputerName: false });
    await view.write('h', custom({ A: 1, B: 2, C: 3, D: 4, Longer: 'x' }));
    await view.end();
    expect(stdout.text).toBe('\nA      : 1\nB      : 2\nC      : 3\nD      : 4\nLonger : x\n\n');
  });

  it('adds PSComputerName with several targets, and prefixes text lines with the computer', async () => {
    const { console, stdout } = capturedConsole();
    const view = new ObjectView(console, { showComputerName: true });
    await view.write('web1', custom({ Id: 1 }));
    await view.write('web2', custom({ Id: 2 }));
    await view.write('web2', 'hello');
    await view.end();
    expect(stdout.text).toBe('\nId PSComputerName\n-- --------------\n 1 web1\n 2 web2\n\n[web2] hello\n');
  });

  it('shows the default display property set, from the object or from the catalog', async () => {
    const { console, stdout } = capturedConsole();
    const catalog = new DisplayPropertyCatalog();
    const process = new PSObject({ typeNames: ['Deserialized.System.Diagnostics.Process'], adapted: { Id: 7, Name: 'pwsh', Handles: 10, Path: '/x', WS: 1 } });
    await catalog.learn(process, async (typeName) => (typeName === 'System.Diagnostics.Process' ? ['Id', 'Name'] : null));
    const withSet = custom({ A: 1, B: 2, C: 3 });
    withSet.extended.PSStandardMembers = new PSMemberSet({
      DefaultDisplayPropertySet: new PSObject({ extended: { ReferencedPropertyNames: ['C', 'A'] } }),
    });
    expect(fromStandardMembers(withSet)).toEqual(['C', 'A']);
    const view = new ObjectView(console, { showComputerName: false, displayProperties: (object) => catalog.lookup(object) });
    await view.write('h', process);
    await view.write('h', withSet);
    await view.end();
    expect(stdout.text).toBe('\nId Name\n-- ----\n 7 pwsh\n\nC A\n- -\n3 1\n\n');
  });

  it('asks the server once per type, and never for custom objects', async () => {
    const catalog = new DisplayPropertyCatalog();
    const asked: string[] = [];
    const query = async (typeName: string) => {
      asked.push(typeName);
      return null;
    };
    const service = () => new PSObject({ typeNames: ['System.ServiceProcess.ServiceController'], adapted: { Name: 'x' } });
    await Promise.all([catalog.learn(service(), query), catalog.learn(service(), query), catalog.learn(custom({ A: 1 }), query)]);
    await catalog.learn(service(), query);
    expect(asked).toEqual(['System.ServiceProcess.ServiceController']);
  });

  it('fits a table to the terminal, cutting long cells', async () => {
    const { console, stdout } = capturedConsole({ terminal: true, columns: 20 });
    const view = new ObjectView(console, { showComputerName: false });
    await view.write('h', custom({ Name: 'a'.repeat(30), N: 1 }));
    await view.end();
    const lines = stdout.text.split('\n').filter(Boolean);
    expect(lines.every((line) => line.length <= 19)).toBe(true);
    expect(lines[2]).toMatch(/^a+… 1$/);
  });

  it('writes PowerShell-like text for values in cells', async () => {
    const { console, stdout } = capturedConsole();
    const view = new ObjectView(console, { showComputerName: false });
    await view.write('h', custom({ List: [1, 2, 3, 4, 5], Flag: true, Nested: custom({ X: 1 }), None: null }));
    await view.end();
    expect(stdout.text).toContain('{1, 2, 3, 4...} True @{X=1}');
  });

  it('draws held rows after a pause, then keeps the widths', async () => {
    const { console, stdout } = capturedConsole();
    const view = new ObjectView(console, { showComputerName: false, holdMs: 10 });
    await view.write('h', custom({ Name: 'a' }));
    expect(stdout.text).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stdout.text).toBe('\nName\n----\na\n');
    await view.write('h', custom({ Name: 'bbbbbbb' }));
    await view.end();
    expect(stdout.text).toBe('\nName\n----\na\nbbbbbbb\n\n');
  });
});
