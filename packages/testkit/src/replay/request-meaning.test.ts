import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Defragmenter } from '@psrp/fragment';
import { parseRecording } from './recording.js';
import { recordingPath } from './recordings-directory.js';
import { compareMeanings, readRequestMeaning, type RequestMeaning } from './request-meaning.js';

// Reads ../shared/fixtures/pypsrp-recordings; RecordingsMissingError names the path when absent.
function meanings(file: string): RequestMeaning[] {
  const defragmenter = new Defragmenter();
  return parseRecording(readFileSync(recordingPath(file), 'utf8'), file).map((exchange) =>
    readRequestMeaning(exchange.request, defragmenter, exchange.overrides),
  );
}

describe('readRequestMeaning', () => {
  it('reads a PowerShell Create: ShellId, and the SESSION_CAPABILITY + INIT_RUNSPACEPOOL in creationXml', () => {
    const [create] = meanings('test_psrp_open_runspace.yml');
    expect(create).toMatchObject({
      action: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Create',
      resourceUri: 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell',
      messageId: 'F249DBE7-0E83-4F39-AE4A-28324CF61227',
      shellId: '76056A84-51DC-4F24-9262-CA2A55464B2B',
      commandId: null,
      streams: [],
      psrpError: null,
    });
    expect(create!.psrpMessages.map((message) => message.messageType)).toEqual([0x00010002, 0x00010004]);
    expect(create!.selectors.size).toBe(0);
  });

  it('reads a pipeline: CommandId, Send stream names and the messages completed per request', () => {
    const [, , , command, send, receive] = meanings('test_psrp_with_input.yml');
    expect(command!.commandId).toBe('69743726-6FB3-4E5A-AD9E-0650B745173F');
    expect(command!.psrpMessages.map((message) => message.messageType)).toEqual([0x00021006]);
    expect(send!.streams).toEqual(['stdin']);
    expect(send!.psrpMessages.map((message) => message.messageType)).toEqual([0x00041002, 0x00041002, 0x00041002, 0x00041002, 0x00041003]);
    expect(receive!.streams).toEqual(['stdout']);
    expect([...receive!.selectors.keys()]).toEqual(['ShellId']);
  });

  it('leaves WinRS payloads alone and applies recorded CommandId overrides', () => {
    const [, command, receive] = meanings('test_winrs_bad_cmd_id.yml');
    expect(command!.psrpMessages).toEqual([]);
    expect(receive!.commandId).toBe('87E77BEB-6761-4C48-9D70-A00266B8459A');
    expect(receive!.streams).toEqual(['stderr', 'stdout']);
  });
});

describe('compareMeanings', () => {
  const standard = meanings('test_winrs_standard.yml');

  it('matches a request with itself and ignores id values', () => {
    const receive = standard[2]!;
    expect(compareMeanings(receive, { ...receive, commandId: 'other', messageId: 'other', selectors: new Map([['ShellId', 'X']]) })).toEqual([]);
  });

  it('describes every difference in meaning', () => {
    expect(compareMeanings(standard[2]!, standard[4]!)).toEqual([
      'action Delete where the recording has Receive',
      'no CommandId where the recording has one',
      'streams [] where the recording has [stderr stdout]',
    ]);
    const psrp = meanings('test_psrp_open_runspace.yml');
    expect(compareMeanings(psrp[0]!, { ...psrp[0]!, psrpMessages: psrp[0]!.psrpMessages.slice(1), resourceUri: 'x' })).toEqual([
      'ResourceURI x where the recording has http://schemas.microsoft.com/powershell/Microsoft.PowerShell',
      'PSRP messages [0x00010004] where the recording has [0x00010002,0x00010004]',
    ]);
  });
});
