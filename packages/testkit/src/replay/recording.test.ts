import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ReplayRecordingError } from './errors.js';
import { loadRecording, parseRecording } from './recording.js';

const FAULT = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault/></s:Body></s:Envelope>';
const OK = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>';

describe('parseRecording', () => {
  it('reads injected faults as HTTP behaviour', () => {
    const exchanges = parseRecording(
      stringify({
        messages: [
          { request: 'r0', response: OK },
          { request: 'r1', response: FAULT },
          { request: 'r2', response: FAULT, transport_error: { protocol: 'http', code: 400 } },
          { request: 'r3', response: null, transport_error: { protocol: 'tcp' } },
          { request: 'r4', response: null, http_error: true },
          { request: 'r5', response: null, http_error: 503 },
          { request: 'r6', response: OK, timeout: 1 },
          { request: 'r7', response: null, auth_error: true },
          {
            request: 'r8',
            response: FAULT,
            overrides: [{ path: 's:Body/rsp:Receive/rsp:DesiredStream', attributes: { CommandId: 'AB' } }],
          },
        ],
      }),
    );
    expect(exchanges.map((exchange) => exchange.fault)).toEqual([
      null,
      { kind: 'http-status', status: 500 },
      { kind: 'http-status', status: 400 },
      { kind: 'transport' },
      { kind: 'http-status', status: 500 },
      { kind: 'http-status', status: 503 },
      { kind: 'timeout' },
      { kind: 'auth' },
      { kind: 'http-status', status: 500 },
    ]);
    expect(exchanges[4]!.response).toBeNull();
    expect(exchanges[8]!.overrides).toEqual([{ path: 's:Body/rsp:Receive/rsp:DesiredStream', attributes: { CommandId: 'AB' } }]);
    expect(exchanges.map((exchange) => exchange.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each([
    ['not YAML', '{ messages: ['],
    ['no messages list', 'other: 1'],
    ['an entry without request', stringify({ messages: [{ response: OK }] })],
    ['overrides that are not a list', stringify({ messages: [{ request: 'r', overrides: 'x' }] })],
  ])('rejects %s with ReplayRecordingError', (_name, text) => {
    expect(() => parseRecording(text, '/r.yml')).toThrow(ReplayRecordingError);
  });

  it('names the path of a missing recording', async () => {
    await expect(loadRecording('/nonexistent/test_x.yml')).rejects.toThrow('Recording /nonexistent/test_x.yml: cannot be read');
  });
});
