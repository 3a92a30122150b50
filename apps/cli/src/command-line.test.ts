import { describe, expect, it } from 'vitest';
import { CliUsageError } from './cli-usage-error.js';
import { DEFAULT_THROTTLE, parseCommandLine } from './command-line.js';

const terminal = { stdinIsTerminal: true };
const piped = { stdinIsTerminal: false };

describe('parseCommandLine', () => {
  it('reads an invoke on several targets with its options', () => {
    const command = parseCommandLine(['invoke', '-H', 'a,b', '-H', 'c', '--ssh', '-p', '2222', '-u', 'me', '--throttle', '5', '--ndjson', 'Get-Date', '-a', 'x', '-a', 'y'], terminal);
    expect(command).toMatchObject({
      command: 'invoke',
      connection: { targets: ['a', 'b', 'c'], defaults: { transport: 'ssh', port: 2222, ssl: false }, user: 'me' },
      script: { kind: 'text', text: 'Get-Date' },
      args: ['x', 'y'],
      throttle: 5,
      output: 'ndjson',
      hideComputerName: false,
    });
  });

  it('takes the script from --file, from -, or from stdin when it is not a terminal', () => {
    expect(parseCommandLine(['invoke', '--pwsh', 'p', '--file', 's.ps1'], terminal)).toMatchObject({ script: { kind: 'file', path: 's.ps1' } });
    expect(parseCommandLine(['invoke', '--pwsh', 'p', '-'], terminal)).toMatchObject({ script: { kind: 'stdin' } });
    expect(parseCommandLine(['invoke', '--pwsh', 'p'], piped)).toMatchObject({ script: { kind: 'stdin' } });
  });

  it('defaults: throttle 32, WinRM, human output; run is invoke, --pwsh and --wsman are targets', () => {
    const command = parseCommandLine(['run', '--pwsh', '/opt/pwsh', '--wsman', 'https://h:5986/wsman', '1'], terminal);
    expect(command).toMatchObject({
      command: 'invoke',
      connection: { targets: ['https://h:5986/wsman', 'pwsh:/opt/pwsh'], defaults: { transport: 'wsman', port: null, ssl: false } },
      throttle: DEFAULT_THROTTLE,
      output: 'human',
    });
  });

  it('reads enter, copy and fetch', () => {
    expect(parseCommandLine(['enter', 'alice@db1', '--ssh'], terminal)).toMatchObject({ command: 'enter', connection: { targets: ['alice@db1'] } });
    expect(parseCommandLine(['copy', '--pwsh', 'p', 'a.txt', '/tmp/b.txt'], terminal)).toMatchObject({ command: 'copy', source: 'a.txt', destination: '/tmp/b.txt' });
    expect(parseCommandLine(['fetch', '-H', 'h', '/tmp/b.txt', '.'], terminal)).toMatchObject({ command: 'fetch', source: '/tmp/b.txt', destination: '.' });
  });

  it('answers help and version', () => {
    expect(parseCommandLine([], terminal)).toEqual({ command: 'help', topic: null });
    expect(parseCommandLine(['--help'], terminal)).toEqual({ command: 'help', topic: null });
    expect(parseCommandLine(['help', 'copy'], terminal)).toEqual({ command: 'help', topic: 'copy' });
    expect(parseCommandLine(['invoke', '--help'], terminal)).toEqual({ command: 'help', topic: 'invoke' });
    expect(parseCommandLine(['--version'], terminal)).toEqual({ command: 'version' });
  });

  it.each([
    [['invoke', 'Get-Date'], /Give a target/],
    [['invoke', '--pwsh', 'p'], /needs a script/],
    [['invoke', '--pwsh', 'p', 'a', 'b'], /one script/],
    [['invoke', '--pwsh', 'p', '--json', '--clixml', 'x'], /one output format/],
    [['invoke', '--pwsh', 'p', '--throttle', '0', 'x'], /--throttle/],
    [['invoke', '--pwsh', 'p', '--password', 'secret', 'x'], /PSRP_PASSWORD/],
    [['invoke', '-H', 'h', '-p', '99999', 'x'], /port/],
    [['invoke', '-H', 'h', '--transport', 'telnet', 'x'], /wsman or ssh/],
    [['enter', '--pwsh', 'p', '--json'], /not an option of 'enter'/],
    [['copy', '--pwsh', 'p', 'only-one'], /LOCAL-FILE and REMOTE-PATH/],
    [['walk', 'x'], /Unknown command/],
    [['invoke', '--bogus', 'x'], /bogus/],
    [['invoke', '--wsman', 'ftp://h', 'x'], /http or https/],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv, terminal)).toThrow(CliUsageError);
    expect(() => parseCommandLine(argv, terminal)).toThrow(message);
  });

  it('never echoes a password given on the command line', () => {
    try {
      parseCommandLine(['invoke', '--pwsh', 'p', '--password', 'hunter2', 'x'], terminal);
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});
