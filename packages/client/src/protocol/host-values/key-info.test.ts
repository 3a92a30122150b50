import { PSChar, PSObject, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { specXml } from '../../../test/ms-psrp-examples.js';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { ControlKeyStates, fromKeyInfo, toKeyInfo } from './key-info.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('spec examples', () => {
  test('KeyInfo (2.2.3.26)', () => {
    const response = deserialize(specXml('### 2.2.3.26 KeyInfo')) as PSObject;
    const key = fromKeyInfo(response.get('mr'));
    expect(key).toEqual({ virtualKeyCode: 65, character: 'a', controlKeyState: 0, keyDown: true });
    expect(roundTrip(toKeyInfo(key))).toStrictEqual(response.get('mr'));
  });
});

describe('round trips', () => {
  test('KeyInfo with a control key state', () => {
    const key = { virtualKeyCode: 13, character: '\r', controlKeyState: ControlKeyStates.ShiftPressed | ControlKeyStates.NumLockOn, keyDown: false };
    expect(fromKeyInfo(roundTrip(toKeyInfo(key)))).toEqual(key);
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  const object = (extended: Record<string, PsValue>): PSObject => new PSObject({ extended });
  test.each<[string, () => unknown]>([
    ['KeyInfo with a two-char character', () => fromKeyInfo(object({ virtualKeyCode: 1, character: 'ab', controlKeyState: 0, keyDown: true }))],
    ['KeyInfo with a string keyDown', () => fromKeyInfo(object({ virtualKeyCode: 1, character: new PSChar(97), controlKeyState: 0, keyDown: 'yes' }))],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});

describe('writers reject what a host must not answer with PsrpHostError', () => {
  test.each<[string, () => unknown]>([
    ['a KeyInfo character of two units', () => toKeyInfo({ virtualKeyCode: 1, character: 'ab', controlKeyState: 0, keyDown: true })],
  ])('%s', (_name, write) => {
    expect(write).toThrow(PsrpHostError);
  });
});
