import { describe, expect, it } from 'vitest';
import { CliUsageError } from './cli-usage-error.js';
import { parseTargetSpec, splitHostList, type TargetDefaults } from './targets.js';

const wsman: TargetDefaults = { transport: 'wsman', port: null, ssl: false };

describe('parseTargetSpec', () => {
  it.each([
    ['web1', wsman, { kind: 'wsman', computerName: 'web1', endpoint: 'http://web1:5985/wsman', username: null }],
    ['web1', { ...wsman, ssl: true }, { kind: 'wsman', endpoint: 'https://web1:5986/wsman' }],
    ['admin@web1:8080', wsman, { kind: 'wsman', computerName: 'web1', endpoint: 'http://web1:8080/wsman', username: 'admin' }],
    ['web1', { ...wsman, port: 1234 }, { endpoint: 'http://web1:1234/wsman' }],
    ['wsman://web1', { ...wsman, transport: 'ssh' }, { kind: 'wsman', endpoint: 'http://web1:5985/wsman' }],
    ['https://web1.example:5986/wsman', wsman, { kind: 'wsman', computerName: 'web1.example', endpoint: 'https://web1.example:5986/wsman' }],
    ['http://web1', wsman, { endpoint: 'http://web1/wsman' }],
    ['db1', { ...wsman, transport: 'ssh' }, { kind: 'ssh', computerName: 'db1', host: 'db1', port: null, username: null }],
    ['ssh://alice@db1:2222', wsman, { kind: 'ssh', host: 'db1', port: 2222, username: 'alice' }],
    ['[::1]:2222', { ...wsman, transport: 'ssh' }, { kind: 'ssh', computerName: '::1', host: '::1', port: 2222 }],
    ['pwsh:/opt/pwsh', wsman, { kind: 'process', computerName: 'localhost', executable: '/opt/pwsh' }],
    ['t07=pwsh:/opt/pwsh', wsman, { kind: 'process', computerName: 't07', executable: '/opt/pwsh' }],
    ['edge=ssh://bob@10.0.0.5', wsman, { kind: 'ssh', computerName: 'edge', host: '10.0.0.5', username: 'bob' }],
  ] as const)('reads %s', (text, defaults, expected) => {
    expect(parseTargetSpec(text, defaults)).toMatchObject(expected);
  });

  it.each([
    ['', /empty/],
    ['ftp://x', /Unknown target scheme/],
    ['a b', /Cannot read the target/],
    ['web1:70000', /port/],
    ['https://u:pw@h/wsman', /password/],
  ])('rejects %j', (text, message) => {
    expect(() => parseTargetSpec(text, wsman)).toThrow(CliUsageError);
    expect(() => parseTargetSpec(text, wsman)).toThrow(message);
  });

  it('splits host lists at commas', () => {
    expect(splitHostList(['a, b', 'c,,', ' '])).toEqual(['a', 'b', 'c']);
  });
});
