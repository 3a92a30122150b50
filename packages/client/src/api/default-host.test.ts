import { PSObject } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { PsrpError } from '../errors.js';
import { PsrpHostError } from '../errors.js';
import { ProgressRecord } from '../protocol/progress-record.js';
import { DEFAULT_RAW_UI, createDefaultHost, type HostWriteEvent } from './default-host.js';

describe('createDefaultHost', () => {
  test('sends every write to onWrite', () => {
    const events: HostWriteEvent[] = [];
    const { ui } = createDefaultHost({ onWrite: (event) => events.push(event) });
    const colors = { foregroundColor: 'Red', backgroundColor: 'Black' } as const;
    const record = new ProgressRecord(new PSObject({ extended: { Activity: 'a' } }));
    ui.write('a');
    ui.write('b', colors);
    ui.writeLine();
    ui.writeLine('c', colors);
    ui.writeErrorLine('e');
    ui.writeDebugLine('d');
    ui.writeVerboseLine('v');
    ui.writeWarningLine('w');
    ui.writeProgress(7n, record);
    expect(events).toEqual([
      { stream: 'output', text: 'a', newLine: false, colors: null },
      { stream: 'output', text: 'b', newLine: false, colors },
      { stream: 'output', text: '', newLine: true, colors: null },
      { stream: 'output', text: 'c', newLine: true, colors },
      { stream: 'error', text: 'e' },
      { stream: 'debug', text: 'd' },
      { stream: 'verbose', text: 'v' },
      { stream: 'warning', text: 'w' },
      { stream: 'progress', sourceId: 7n, record },
    ]);
  });

  test('drops writes without onWrite', () => {
    expect(() => createDefaultHost().ui.writeLine('x')).not.toThrow();
  });

  test.each([
    ['ReadLine', () => createDefaultHost().ui.readLine()],
    ['ReadLineAsSecureString', () => createDefaultHost().ui.readLineAsSecureString()],
    ['Prompt', () => createDefaultHost().ui.prompt('c', 'm', [])],
    ['PromptForCredential', () => createDefaultHost().ui.promptForCredential('c', 'm', 'u', 't', 3, 1)],
    ['PromptForChoice', () => createDefaultHost().ui.promptForChoice('c', 'm', [], 0)],
    ['PromptForChoiceMultipleSelection', () => createDefaultHost().ui.promptForChoiceMultipleSelection('c', 'm', [], [])],
    ['ReadKey', () => createDefaultHost().ui.rawUI.readKey(4)],
  ])('%s rejects: the host is not interactive', async (method, run) => {
    const error = await Promise.resolve(run()).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(PsrpHostError);
    expect(error).toBeInstanceOf(PsrpError);
    expect(error).toMatchObject({ name: 'PsrpHostError', code: 'PSRP_ERR_HOST', method });
    expect((error as Error).message).toMatch(/not interactive/);
  });

  test('has no buffer contents and no runspace to give', async () => {
    const host = createDefaultHost();
    await expect(host.ui.rawUI.getBufferContents({ left: 0, top: 0, right: 1, bottom: 1 })).rejects.toThrow(PsrpHostError);
    expect(() => host.getRunspace()).toThrow(PsrpHostError);
    expect(host.getIsRunspacePushed()).toBe(false);
  });

  test('has a 120x50 Gray-on-Black raw UI that remembers what is set', () => {
    const { rawUI } = createDefaultHost().ui;
    expect(DEFAULT_RAW_UI).toMatchObject({
      foregroundColor: 'Gray',
      backgroundColor: 'Black',
      bufferSize: { width: 120, height: 50 },
      windowSize: { width: 120, height: 50 },
      maxWindowSize: { width: 120, height: 50 },
      maxPhysicalWindowSize: { width: 120, height: 50 },
    });
    expect(rawUI.getWindowSize()).toEqual({ width: 120, height: 50 });
    expect(rawUI.getBufferSize()).toEqual({ width: 120, height: 50 });
    expect(rawUI.getForegroundColor()).toBe('Gray');
    expect(rawUI.getBackgroundColor()).toBe('Black');
    expect(rawUI.getKeyAvailable()).toBe(false);
    rawUI.setForegroundColor('Red');
    rawUI.setWindowTitle('t');
    rawUI.setCursorPosition({ x: 1, y: 2 });
    rawUI.setBufferSize({ width: 80, height: 9000 });
    expect(rawUI.getForegroundColor()).toBe('Red');
    expect(rawUI.getWindowTitle()).toBe('t');
    expect(rawUI.getCursorPosition()).toEqual({ x: 1, y: 2 });
    expect(rawUI.getBufferSize()).toEqual({ width: 80, height: 9000 });
    expect(createDefaultHost().ui.rawUI.getForegroundColor()).toBe('Gray');
  });

  test('takes its identity and initial raw UI from the options', () => {
    const host = createDefaultHost({
      name: 'n',
      version: '2.1',
      instanceId: 'fb9c87e8-1190-40a7-a681-6fc9b9f84a17',
      currentCulture: 'de-DE',
      rawUI: { windowTitle: 'w', windowSize: { width: 80, height: 24 } },
    });
    expect(host).toMatchObject({ name: 'n', version: '2.1', instanceId: 'fb9c87e8-1190-40a7-a681-6fc9b9f84a17', currentCulture: 'de-DE', currentUICulture: 'de-DE' });
    expect(host.ui.rawUI.getWindowTitle()).toBe('w');
    expect(host.ui.rawUI.getWindowSize()).toEqual({ width: 80, height: 24 });
    expect(createDefaultHost().instanceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(createDefaultHost().instanceId).not.toBe(createDefaultHost().instanceId);
  });

  test('ignores the void PSHost notifications', () => {
    const host = createDefaultHost();
    for (const notify of [
      () => host.setShouldExit(1),
      () => host.enterNestedPrompt(),
      () => host.exitNestedPrompt(),
      () => host.notifyBeginApplication(),
      () => host.notifyEndApplication(),
      () => host.pushRunspace(null),
      () => host.popRunspace(),
      () => host.ui.rawUI.flushInputBuffer(),
    ]) {
      expect(notify()).toBeUndefined();
    }
  });
});
