import { PipelineFailedError, PsrpAbortedError, PsrpConnectionClosedError, PsrpTransportError } from '@psrp/client';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeOf, worstExitCode } from './exit-codes.js';

describe('exit codes', () => {
  it('pins the documented numbers', () => {
    expect(ExitCode).toEqual({ Success: 0, ScriptFailed: 1, Usage: 2, Unreachable: 3, HashMismatch: 4, Interrupted: 130 });
  });

  it('classifies failures', () => {
    expect(exitCodeOf(new PipelineFailedError('boom', null), 'invoke')).toBe(ExitCode.ScriptFailed);
    expect(exitCodeOf(new PsrpTransportError('no'), 'open')).toBe(ExitCode.Unreachable);
    expect(exitCodeOf(new Error('anything'), 'open')).toBe(ExitCode.Unreachable);
    expect(exitCodeOf(new PsrpConnectionClosedError('gone'), 'invoke')).toBe(ExitCode.Unreachable);
    expect(exitCodeOf(new PsrpAbortedError('stop'), 'invoke')).toBe(ExitCode.Interrupted);
    expect(exitCodeOf(new Error('odd'), 'invoke')).toBe(ExitCode.ScriptFailed);
  });

  it('lets the worst outcome win', () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([0, 1, 0])).toBe(1);
    expect(worstExitCode([1, 3, 4])).toBe(3);
    expect(worstExitCode([3, 130])).toBe(130);
  });
});
