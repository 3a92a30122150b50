import { deserialize, type PSObject } from '@psrp/clixml';
import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';
import {
  PipelineFailedError,
  PipelineStoppedError,
  PsrpAbortedError,
  PsrpArgumentError,
  PsrpAuthenticationError,
  PsrpConnectionClosedError,
  PsrpDecodeError,
  PsrpError,
  PsrpHostError,
  PsrpHostKeyError,
  PsrpInvalidStateError,
  PsrpLimitError,
  PsrpNegotiationError,
  PsrpProtocolError,
  PsrpSshConfigError,
  PsrpTimeoutError,
  PsrpTransportError,
  RunspacePoolBrokenError,
} from './errors.js';
import { ErrorRecord } from './protocol/error-record.js';

const record = new ErrorRecord(deserialize('<Obj RefId="0"><MS><S N="ErrorDetails_Message">boom</S></MS></Obj>') as PSObject);

/** One instance of every error class, with the name, code and message it must carry. */
const table: readonly (readonly [PsrpError, string, string, string])[] = [
  [new PsrpProtocolError('m'), 'PsrpProtocolError', 'PSRP_ERR_PROTOCOL', 'm'],
  [new PsrpDecodeError('m'), 'PsrpDecodeError', 'PSRP_ERR_DECODE', 'm'],
  [new PsrpLimitError('m', 'maxReceivedObjectBytes', 1024), 'PsrpLimitError', 'PSRP_ERR_LIMIT', 'm'],
  [
    new PsrpInvalidStateError('create a pipeline', 'Closed', ['Opened']),
    'PsrpInvalidStateError',
    'PSRP_ERR_INVALID_STATE',
    'Cannot create a pipeline: it is Closed (allowed when Opened)',
  ],
  [new PsrpArgumentError('m'), 'PsrpArgumentError', 'PSRP_ERR_ARGUMENT', 'm'],
  [new PsrpNegotiationError('m'), 'PsrpNegotiationError', 'PSRP_ERR_NEGOTIATION', 'm'],
  [new RunspacePoolBrokenError('m', null), 'RunspacePoolBrokenError', 'PSRP_ERR_POOL_BROKEN', 'm'],
  [new PipelineFailedError('m', null), 'PipelineFailedError', 'PSRP_ERR_PIPELINE_FAILED', 'm'],
  [new PipelineStoppedError('m'), 'PipelineStoppedError', 'PSRP_ERR_PIPELINE_STOPPED', 'm'],
  [new PsrpTransportError('m', { exitCode: 4000 }), 'PsrpTransportError', 'PSRP_ERR_TRANSPORT', 'm'],
  [new PsrpConnectionClosedError('m', { exitCode: 1 }), 'PsrpConnectionClosedError', 'PSRP_ERR_CONNECTION_CLOSED', 'm'],
  [new PsrpHostKeyError('m', 'SHA256:x', 'unknown'), 'PsrpHostKeyError', 'PSRP_ERR_HOST_KEY', 'm'],
  [new PsrpAuthenticationError('m', ['password']), 'PsrpAuthenticationError', 'PSRP_ERR_AUTH', 'm'],
  [new PsrpSshConfigError('m', '/home/u/.ssh/config', 3, 'proxyjump'), 'PsrpSshConfigError', 'PSRP_ERR_SSH_CONFIG', 'm'],
  [new PsrpAbortedError('m'), 'PsrpAbortedError', 'PSRP_ERR_ABORTED', 'm'],
  [new PsrpTimeoutError('m'), 'PsrpTimeoutError', 'PSRP_ERR_TIMEOUT', 'm'],
  [new PsrpHostError('m'), 'PsrpHostError', 'PSRP_ERR_HOST', 'm'],
];

describe('client errors', () => {
  it.each(table)('%o has a stable name and code', (error, name, code, message) => {
    expect(error).toBeInstanceOf(PsrpError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('the table covers every error class errors.ts exports, each with its own code', () => {
    const exported = Object.values(errors).filter((value: unknown) => typeof value === 'function' && value.prototype instanceof PsrpError);
    expect(exported.map((type) => type.name).sort()).toEqual(table.map(([error]) => error.constructor.name).sort());
    expect(new Set(table.map(([, , code]) => code)).size).toBe(table.length);
  });

  it('keeps structured detail and the cause', () => {
    const cause = new Error('socket');
    const transport = new PsrpTransportError('broke', { exitCode: 4000, stderr: 'bad' }, { cause });
    expect(transport.detail).toEqual({ exitCode: 4000, stderr: 'bad' });
    expect(transport.cause).toBe(cause);
    expect(new PsrpTransportError('broke').detail).toEqual({});

    const closed = new PsrpConnectionClosedError('The PowerShell process ended (exit code 1)', { exitCode: 1, stderr: 'x' }, { cause });
    expect(closed).toBeInstanceOf(PsrpTransportError);
    expect(closed.detail).toEqual({ exitCode: 1, stderr: 'x' });
    expect(closed.cause).toBe(cause);

    // The SSH transport's errors are transport errors with their own detail.
    const hostKey = new PsrpHostKeyError('untrusted', 'SHA256:abc', 'changed', { cause });
    expect(hostKey).toBeInstanceOf(PsrpTransportError);
    expect([hostKey.fingerprint, hostKey.reason, hostKey.detail, hostKey.cause]).toEqual(['SHA256:abc', 'changed', {}, cause]);
    const auth = new PsrpAuthenticationError('refused', ['publickey', 'password']);
    expect(auth).toBeInstanceOf(PsrpTransportError);
    expect(auth.methodsTried).toEqual(['publickey', 'password']);
    const config = new PsrpSshConfigError('ProxyJump is not supported', '/home/u/.ssh/config', 7, 'proxyjump');
    expect(config).toBeInstanceOf(PsrpTransportError);
    expect([config.file, config.line, config.keyword]).toEqual(['/home/u/.ssh/config', 7, 'proxyjump']);

    const limit = new PsrpLimitError('too much', 'maxReceivedDataBytesPerCommand', 4096, { cause });
    expect([limit.limit, limit.value, limit.cause]).toEqual(['maxReceivedDataBytesPerCommand', 4096, cause]);

    const decode = new PsrpDecodeError('unreadable', { cause });
    expect(decode.cause).toBe(cause);

    expect(new RunspacePoolBrokenError('broken', record, { cause }).errorRecord?.message).toBe('boom');
    const failed = new PipelineFailedError('failed', record);
    expect(failed.errorRecord).toBe(record);
    expect(failed.output).toEqual([]);
  });

  it('an invalid-state error names the action, the state and the states that allow it', () => {
    const error = new PsrpInvalidStateError('send input', 'Completed', ['Running'], 'Pipeline 1 has ended');
    expect([error.action, error.state, error.allowed]).toEqual(['send input', 'Completed', ['Running']]);
    expect(error.message).toBe('Cannot send input: it is Completed (allowed when Running). Pipeline 1 has ended');
    const none = new PsrpInvalidStateError('invoke this PowerShell', 'empty', [], 'Add a command or script first');
    expect(none.message).toBe('Cannot invoke this PowerShell: it is empty. Add a command or script first');
    expect(new PsrpInvalidStateError('open', 'Broken', ['BeforeOpen', 'Closed']).message).toBe(
      'Cannot open: it is Broken (allowed when BeforeOpen, Closed)',
    );
  });
});
