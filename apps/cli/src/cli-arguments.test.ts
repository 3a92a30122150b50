import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArguments } from './cli-arguments.js';

describe('parseCliArguments', () => {
  it('reads a pwsh run', () => {
    expect(parseCliArguments(['run', '--pwsh', '/opt/pwsh', 'Get-Date'], {})).toEqual({
      command: 'run',
      target: { kind: 'pwsh', executable: '/opt/pwsh' },
      script: 'Get-Date',
      json: false,
    });
  });

  it('reads a WSMan run, taking the password from PSRP_PASSWORD', () => {
    const command = parseCliArguments(['run', '--wsman', 'https://h:5986/wsman', '--user', 'me', '--json', '1'], { PSRP_PASSWORD: 'pw' });
    expect(command).toEqual({
      command: 'run',
      target: { kind: 'wsman', endpoint: 'https://h:5986/wsman', username: 'me', password: 'pw', configurationName: null },
      script: '1',
      json: true,
    });
  });

  it('shows help without arguments or with -h', () => {
    expect(parseCliArguments([], {})).toEqual({ command: 'help' });
    expect(parseCliArguments(['-h'], {})).toEqual({ command: 'help' });
  });

  it.each([
    [['run', 'Get-Date'], /exactly one target/],
    [['run', '--pwsh', 'p', '--wsman', 'http://h/wsman', 'x'], /exactly one target/],
    [['run', '--pwsh', 'p'], /exactly one script/],
    [['run', '--wsman', 'not a url', 'x'], /needs a URL/],
    [['run', '--wsman', 'ftp://h/wsman', 'x'], /http or https/],
    [['walk', 'x'], /Unknown command/],
    [['run', '--bogus', 'x'], /bogus/],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseCliArguments(argv, {})).toThrow(CliUsageError);
    expect(() => parseCliArguments(argv, {})).toThrow(message);
  });
});
