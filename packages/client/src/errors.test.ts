import { describe, expect, it } from 'vitest';
import {
  PipelineFailedError,
  PipelineStoppedError,
  PsrpAbortedError,
  PsrpError,
  PsrpInvalidStateError,
  PsrpNegotiationError,
  PsrpProtocolError,
  PsrpTransportError,
  RunspacePoolBrokenError,
} from './errors.js';

describe('client errors', () => {
  it.each([
    [new PsrpProtocolError('m'), 'PsrpProtocolError', 'PSRP_ERR_PROTOCOL'],
    [new PsrpInvalidStateError('m', 'Closed'), 'PsrpInvalidStateError', 'PSRP_ERR_INVALID_STATE'],
    [new PsrpNegotiationError('m'), 'PsrpNegotiationError', 'PSRP_ERR_NEGOTIATION'],
    [new RunspacePoolBrokenError('m', null), 'RunspacePoolBrokenError', 'PSRP_ERR_POOL_BROKEN'],
    [new PipelineFailedError('m', null), 'PipelineFailedError', 'PSRP_ERR_PIPELINE_FAILED'],
    [new PipelineStoppedError('m'), 'PipelineStoppedError', 'PSRP_ERR_PIPELINE_STOPPED'],
    [new PsrpTransportError('m', { exitCode: 4000 }), 'PsrpTransportError', 'PSRP_ERR_TRANSPORT'],
    [new PsrpAbortedError('m'), 'PsrpAbortedError', 'PSRP_ERR_ABORTED'],
  ])('%o has a stable name and code', (error, name, code) => {
    expect(error).toBeInstanceOf(PsrpError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toBe('m');
  });

  it('keeps structured detail and the cause', () => {
    const cause = new Error('socket');
    const error = new PsrpTransportError('broke', { exitCode: 4000, stderr: 'bad' }, { cause });
    expect(error.detail).toEqual({ exitCode: 4000, stderr: 'bad' });
    expect(error.cause).toBe(cause);
    expect(new PsrpInvalidStateError('m', 'Broken').state).toBe('Broken');
  });
});
