import { describe, expect, test } from 'vitest';
import { PSChar } from './ps-char.js';
import { PSDateTime } from './ps-date-time.js';
import { psEnum } from './ps-enum.js';
import { MAX_PLAIN_DEPTH, PSDictionary, PSMemberSet, PSObject } from './ps-object.js';
import { PSSecureString } from './ps-text-values.js';
import { PSVersion } from './ps-version.js';

describe('PSObject', () => {
  test('the constructor copies its inputs into null-prototype records', () => {
    const typeNames = ['A', 'System.Object'];
    const extended = { a: 1 };
    const value = new PSObject({ typeNames, extended });
    typeNames.push('changed');
    extended.a = 2;
    expect(value.typeNames).toEqual(['A', 'System.Object']);
    expect(value.extended.a).toBe(1);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(value.adapted))).toBeNull();
    expect('toString' in value.adapted || 'constructor' in value.adapted).toBe(false);
    expect(new PSObject().get('constructor')).toBeUndefined();
  });

  test('toJSON: merged properties, unwrapped containers and enums, printable wrappers', () => {
    const value = new PSObject({
      adapted: { Name: 'svc', Status: psEnum('System.ServiceProcess.ServiceControllerStatus', 'Running', 4) },
      extended: {
        Name: 'override',
        List: new PSObject({ typeNames: ['System.Object[]'], baseValue: [1, 2n, 2n ** 60n] }),
        Table: new PSObject({ baseValue: new PSDictionary([['k', new PSChar(120)]]) }),
        When: PSDateTime.fromClixml('2024-01-02T03:04:05Z'),
        Bytes: new Uint8Array([1, 2, 3]),
        Version: new PSVersion(5, 1),
        Secret: new PSSecureString('abc'),
        Set: new PSMemberSet({ x: null }),
        Text: new PSObject({ toStringValue: 'shown' }),
      },
    });
    expect(JSON.parse(JSON.stringify(value))).toEqual({
      Name: 'override',
      Status: 'Running',
      List: [1, 2, '1152921504606846976'],
      Table: { k: 'x' },
      When: '2024-01-02T03:04:05Z',
      Bytes: 'AQID',
      Version: '5.1',
      Secret: '[SecureString]',
      Set: { x: null },
      Text: 'shown',
    });
  });

  test('toJSON prints a primitive that carries notes as the primitive, as PowerShell shows it', () => {
    const line = new PSObject({ baseValue: 'first line', extended: { PSPath: 'C:\\a.txt', ReadCount: 1 } });
    expect(line.toJSON()).toBe('first line');
    const when = new Date('2026-11-22T03:30:00Z');
    expect(new PSObject({ baseValue: when, extended: { DisplayHint: 'DateTime' } }).toJSON()).toBe(when.toJSON());
    // A collection with extra members keeps its members visible.
    expect(new PSObject({ baseValue: [1], extended: { Note: 'n' } }).toJSON()).toEqual({ Note: 'n' });
  });

  test('toJSON cuts cycles but keeps shared (non-cyclic) objects', () => {
    const shared = new PSObject({ extended: { v: 1 } });
    const parent = new PSObject({ extended: { a: shared, b: shared } });
    parent.extended.self = parent;
    expect(parent.toJSON()).toEqual({ a: { v: 1 }, b: { v: 1 }, self: '[Circular]' });
    const dictionary = new PSDictionary();
    dictionary.set('me', dictionary);
    expect(dictionary.toJSON()).toEqual({ me: '[Circular]' });
  });

  test('toJSON stays bounded when shared references would expand exponentially', () => {
    let value = new PSObject({ extended: { leaf: 1 } });
    for (let level = 0; level < 60; level++) value = new PSObject({ extended: { a: value, b: value } });
    const text = JSON.stringify(value);
    expect(text).toContain('[Truncated]');
    expect(text.length).toBeLessThan(50_000_000);
  });

  test('toJSON stops at MAX_PLAIN_DEPTH instead of overflowing the stack', () => {
    let value: PSObject = new PSObject();
    for (let level = 0; level < MAX_PLAIN_DEPTH * 20; level++) value = new PSObject({ extended: { next: value } });
    expect(JSON.stringify(value)).toContain('[Truncated]');
  });
});
