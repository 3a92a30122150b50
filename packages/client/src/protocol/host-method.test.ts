import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sharedPath } from '../../../../test-support/shared-folder.js';
import { HostMethodId, VOID_HOST_METHODS, hostMethodName, isHostMethodId, isVoidHostMethod, type HostMethodName } from './host-method.js';

const EXAMPLES = readFileSync(sharedPath('reference/ms-psrp-examples.md'), 'utf8');
const SECTION = EXAMPLES.slice(EXAMPLES.indexOf('### 2.2.3.17 Host Method Identifier'), EXAMPLES.indexOf('### 2.2.3.21'));

/** "1 GetName, 2 GetVersion, ..." as printed in the spec section. */
function specTable(): Map<number, string> {
  const table = new Map<number, string>();
  const list = SECTION.slice(0, SECTION.indexOf('"If the Return Value'));
  for (const match of list.matchAll(/(\d+) ([A-Za-z0-9]+)[,.]/g)) table.set(Number(match[1]), match[2]!);
  return table;
}

/** "Methods with return values: 1-5, 11, 12, ..." expanded. */
function specReturning(): Set<number> {
  const line = /Methods with return values: ([\d, -]+)\./.exec(SECTION)?.[1] ?? '';
  const ids = new Set<number>();
  for (const part of line.split(',')) {
    const [from, to] = part.trim().split('-').map(Number);
    for (let id = from!; id <= (to ?? from!); id++) ids.add(id);
  }
  return ids;
}

describe('HostMethodId', () => {
  test('is the spec table: 56 ids with the spec names', () => {
    const table = specTable();
    expect(table.size).toBe(56);
    expect(Object.keys(HostMethodId)).toHaveLength(56);
    for (const [id, name] of table) {
      expect(HostMethodId[name as HostMethodName], name).toBe(id);
      expect(hostMethodName(id)).toBe(name);
    }
  });

  test('void methods are exactly those without a return value in the spec', () => {
    const returning = specReturning();
    expect(returning.size).toBe(27);
    for (let id = 1; id <= 56; id++) {
      expect(isVoidHostMethod(hostMethodName(id)!), `${id} ${hostMethodName(id)}`).toBe(!returning.has(id));
    }
    expect(VOID_HOST_METHODS.size).toBe(29);
  });

  test('names numbers that are no method id as null', () => {
    for (const id of [0, 57, -1, 1.5, Number.NaN]) {
      expect(hostMethodName(id)).toBeNull();
      expect(isHostMethodId(id)).toBe(false);
    }
    expect(isHostMethodId(56)).toBe(true);
    expect(isVoidHostMethod(HostMethodId.Write1)).toBe(true);
    expect(isVoidHostMethod('ReadLine')).toBe(false);
  });
});
