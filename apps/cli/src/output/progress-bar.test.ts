import { describe, expect, it } from 'vitest';
import { capturedConsole } from './captured-streams.test-support.js';
import { renderProgressLine, renderProgressLines } from './progress-bar.js';

const entry = { prefix: '', activity: 'Copying', status: '5 of 10', percentComplete: 50, secondsRemaining: -1 };

describe('progress bars', () => {
  it('renders a bar with its percentage and status, cut to the width', () => {
    expect(renderProgressLine(entry, 200)).toBe(`Copying [${'='.repeat(14)}>${' '.repeat(15)}]  50% 5 of 10`);
    expect(renderProgressLine({ ...entry, percentComplete: -1, secondsRemaining: 75 }, 200)).toBe('Copying 5 of 10 (1:15 left)');
    expect(renderProgressLine(entry, 10)).toBe('Copying […');
    expect(renderProgressLine({ ...entry, activity: 'Copying a-very-long-name.bin' }, 62)).toBe(`Copying a-very-… [${'='.repeat(14)}>${' '.repeat(15)}]  50% 5 of 10`);
    expect(renderProgressLines([entry, entry, entry], 200, 2)[0]).toBe('… and 2 more activities');
  });

  it('draws on a terminal, wipes before other text and after, and draws nothing off a terminal', () => {
    const tty = capturedConsole({ terminal: true });
    tty.console.progress('a', entry);
    expect(tty.stderr.text).toContain('Copying [');
    tty.console.out('line\n');
    expect(tty.stdout.text).toBe('line\n');
    expect(tty.stderr.text).toContain('\r\u001b[2K');
    tty.console.clearProgress();
    expect(tty.stderr.text.endsWith('\r\u001b[2K')).toBe(true);
    const pipe = capturedConsole({ terminal: false });
    pipe.console.progress('a', entry);
    pipe.console.clearProgress();
    expect(pipe.stderr.text).toBe('');
  });
});
