import { describe, expect, it } from 'vitest';
import {
  WSManAbortError,
  WSManAuthError,
  WSManError,
  WSManFaultError,
  WSManHttpError,
  WSManOptionError,
  WSManParseError,
  WSManProtocolError,
  WSManTimeoutError,
  WSManTransportError,
} from './errors.js';

const faultDetail = {
  faultCode: 's:Receiver',
  subcode: 'w:TimedOut',
  reason: 'The operation timed out.',
  wsmanFaultCode: 2150858793,
  machine: 'host1',
  wsmanMessage: 'The WS-Management service cannot complete the operation.',
  faultDetail: null,
};

const cases: [WSManError, string, string, RegExp][] = [
  [new WSManFaultError(faultDetail, 500), 'WSManFaultError', 'WSMAN_ERR_FAULT', /w:TimedOut \(0x80338029\) on host1/],
  [new WSManHttpError(502, 'Bad Gateway', ''), 'WSManHttpError', 'WSMAN_ERR_HTTP', /HTTP 502 Bad Gateway/],
  [new WSManAuthError(401, ['Negotiate', 'Basic']), 'WSManAuthError', 'WSMAN_ERR_AUTH', /offers Negotiate, Basic/],
  [new WSManTransportError('http://h/wsman', { cause: new Error('ECONNREFUSED') }), 'WSManTransportError', 'WSMAN_ERR_TRANSPORT', /http:\/\/h\/wsman/],
  [new WSManAbortError('Receive'), 'WSManAbortError', 'WSMAN_ERR_ABORTED', /Receive was aborted/],
  [new WSManTimeoutError('Receive', 30), 'WSManTimeoutError', 'WSMAN_ERR_TIMEOUT', /within 30 s/],
  [new WSManParseError('too deep', 'depth'), 'WSManParseError', 'WSMAN_ERR_PARSE', /too deep/],
  [new WSManProtocolError('no ShellId', 'Create'), 'WSManProtocolError', 'WSMAN_ERR_PROTOCOL', /no ShellId/],
  [new WSManOptionError('endpoint', 'not a URL'), 'WSManOptionError', 'WSMAN_ERR_INVALID_OPTION', /Invalid WSMan option endpoint/],
];

describe('errors', () => {
  it.each(cases)('%o has name %s and code %s', (error, name, code, message) => {
    expect(error).toBeInstanceOf(WSManError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('an auth error carries why, which mechanism, and a message that replaces the default', () => {
    const error = new WSManAuthError(0, [], { reason: 'expired', mechanism: 'kerberos', message: 'The Kerberos ticket of a@B has expired' });
    expect(error).toMatchObject({ code: 'WSMAN_ERR_AUTH', reason: 'expired', mechanism: 'kerberos', status: 0, message: 'The Kerberos ticket of a@B has expired' });
    expect(new WSManAuthError(401, [])).toMatchObject({ reason: 'rejected', mechanism: null });
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new WSManTransportError('http://h/wsman', { cause }).cause).toBe(cause);
  });

  it('copies every fault field onto the error', () => {
    const error = new WSManFaultError(faultDetail, 500);
    expect(error).toMatchObject({ ...faultDetail, status: 500 });
  });

  it('gives every subclass its own code', () => {
    expect(new Set(cases.map(([error]) => error.code)).size).toBe(cases.length);
  });
});
