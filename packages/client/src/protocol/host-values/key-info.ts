/**
 * MS-PSRP 2.2.3.26 KeyInfo and 2.2.3.27 ControlKeyStates: the key press ReadKey answers with, and the
 * ReadKeyOptions flags it is called with.
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import { PsrpHostError } from '../../errors.js';
import { checkChar, fields, member, readHostBoolean, readHostChar, readHostInt32, readHostObject, toInt32 } from './host-encoding.js';

/** ControlKeyStates flags (2.2.3.27). */
export const ControlKeyStates = {
  RightAltPressed: 0x0001,
  LeftAltPressed: 0x0002,
  RightCtrlPressed: 0x0004,
  LeftCtrlPressed: 0x0008,
  ShiftPressed: 0x0010,
  NumLockOn: 0x0020,
  ScrollLockOn: 0x0040,
  CapsLockOn: 0x0080,
  EnhancedKey: 0x0100,
} as const;

/** ReadKeyOptions flags, the parameter of ReadKey. */
export const ReadKeyOptions = {
  AllowCtrlC: 0x0001,
  NoEcho: 0x0002,
  IncludeKeyDown: 0x0004,
  IncludeKeyUp: 0x0008,
} as const;

export interface KeyInfo {
  readonly virtualKeyCode: number;
  /** One UTF-16 code unit; `'\0'` when the key has no character. */
  readonly character: string;
  /** ControlKeyStates flags. */
  readonly controlKeyState: number;
  readonly keyDown: boolean;
}

export function fromKeyInfo(value: PsValue | undefined, what = 'KeyInfo'): KeyInfo {
  const object = readHostObject(value, what);
  return {
    virtualKeyCode: readHostInt32(member(object, 'virtualKeyCode', what), `${what}.virtualKeyCode`),
    character: readHostChar(member(object, 'character', what), `${what}.character`),
    controlKeyState: readHostInt32(member(object, 'controlKeyState', what), `${what}.controlKeyState`),
    keyDown: readHostBoolean(member(object, 'keyDown', what), `${what}.keyDown`),
  };
}

/** The spec's KeyInfo: `virtualKeyCode` I32, `character` C, `controlKeyState` I32, `keyDown` B. */
export function toKeyInfo(value: KeyInfo, what = 'KeyInfo'): PSObject {
  if (typeof value.keyDown !== 'boolean') throw new PsrpHostError(`The host returned a ${what} whose keyDown is not a boolean`);
  return fields({
    virtualKeyCode: toInt32(value.virtualKeyCode, `${what}.virtualKeyCode`),
    character: checkChar(value.character, `${what}.character`),
    controlKeyState: toInt32(value.controlKeyState, `${what}.controlKeyState`),
    keyDown: value.keyDown,
  });
}
