import { describe, expect, it } from 'vitest';
import { choiceIndex, choiceLine } from './terminal-host.js';

const choices = [
  { label: '&Yes', helpMessage: 'Do it' },
  { label: '&No', helpMessage: 'Do not' },
  { label: 'Yes to &All', helpMessage: '' },
];

describe('choice prompts', () => {
  it('lists the choices with their hotkeys and the default, as PowerShell asks', () => {
    expect(choiceLine(choices, [0])).toBe('[Y] Yes  [N] No  [A] Yes to All  [?] Help (default is "Y"): ');
    expect(choiceLine(choices, [])).toBe('[Y] Yes  [N] No  [A] Yes to All  [?] Help: ');
  });

  it('takes a hotkey or a label in any case', () => {
    expect(choiceIndex(choices, 'n')).toBe(1);
    expect(choiceIndex(choices, 'a')).toBe(2);
    expect(choiceIndex(choices, 'yes to all')).toBe(2);
    expect(choiceIndex(choices, 'q')).toBe(-1);
  });
});
