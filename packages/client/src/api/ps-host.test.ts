import { describe, expect, expectTypeOf, test } from 'vitest';
import * as consoleColor from '../protocol/host-values/console-color.js';
import * as keyInfo from '../protocol/host-values/key-info.js';
import type { ProgressRecord } from '../protocol/progress-record.js';
import { createDefaultHost } from './default-host.js';
import {
  CONSOLE_COLORS,
  ControlKeyStates,
  PSCredentialTypes,
  PSCredentialUIOptions,
  ReadKeyOptions,
  secureText,
  type Awaitable,
  type CompletePSHost,
  type ConsoleColor,
  type HostCredential,
  type PSHost,
  type PSHostRawUserInterface,
  type PSHostUserInterface,
  type PromptAnswer,
} from './ps-host.js';

describe('ps-host', () => {
  test('re-exports the host data constants', () => {
    expect(CONSOLE_COLORS).toBe(consoleColor.CONSOLE_COLORS);
    expect(ControlKeyStates).toBe(keyInfo.ControlKeyStates);
    expect(ReadKeyOptions).toBe(keyInfo.ReadKeyOptions);
    expect(PSCredentialTypes).toEqual({ Generic: 1, Domain: 2, Default: 3 });
    expect(PSCredentialUIOptions.ReadOnlyUserName).toBe(3);
    expect(secureText('x')).toEqual({ kind: 'secure-string', value: 'x' });
  });

  test('every member is optional: an empty object is a host', () => {
    expectTypeOf({}).toExtend<PSHost>();
    expectTypeOf({ ui: {} }).toExtend<PSHost>();
    expectTypeOf({ ui: { rawUI: {} } }).toExtend<PSHost>();
    expectTypeOf({ ui: null }).toExtend<PSHost>();
  });

  test('methods may answer synchronously or with a promise', () => {
    const host: PSHost = {
      ui: {
        readLine: () => 'now',
        readLineAsSecureString: async () => secureText('later'),
        promptForChoice: async (_caption, _message, choices) => choices.length - 1,
        rawUI: { getWindowTitle: () => Promise.resolve('t'), getForegroundColor: (): ConsoleColor => 'Gray' },
      },
    };
    expect(host.ui?.readLine?.()).toBe('now');
    expectTypeOf<ReturnType<NonNullable<PSHostUserInterface['readLine']>>>().toEqualTypeOf<Awaitable<string | null>>();
    expectTypeOf<Parameters<NonNullable<PSHostUserInterface['writeProgress']>>>().toEqualTypeOf<[bigint, ProgressRecord]>();
    expectTypeOf<Parameters<NonNullable<PSHostRawUserInterface['setForegroundColor']>>[0]>().toEqualTypeOf<ConsoleColor>();
  });

  test('a credential has a user name and a plain-text (or SecureString) password', () => {
    expectTypeOf({ userName: 'u', password: 'p' }).toExtend<HostCredential>();
    expectTypeOf({ userName: 'u', password: 'p' }).toExtend<PromptAnswer>();
    expectTypeOf(secureText('p')).toExtend<PromptAnswer>();
    expectTypeOf('text').toExtend<PromptAnswer>();
  });

  test('the default host is complete', () => {
    const host = createDefaultHost();
    expectTypeOf(host).toEqualTypeOf<CompletePSHost>();
    expectTypeOf(host).toExtend<PSHost>();
    expectTypeOf(host.ui.rawUI.readKey).toBeFunction();
    expect(typeof host.ui.rawUI.scrollBufferContents).toBe('function');
  });
});
