import { PSObject, PSSecureString, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { specXml } from '../../../test/ms-psrp-examples.js';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { SecureString } from '../secure-string.js';
import { fromPromptResult } from './prompt-results.js';
import { fromPSCredential, toPSCredential } from './ps-credential.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('spec examples', () => {
  test('PSCredential (2.2.3.25) inside a Prompt result', () => {
    const response = deserialize(specXml('### 2.2.3.25 PSCredential')) as PSObject;
    const answers = fromPromptResult(response.get('mr'));
    const credential = fromPSCredential(answers.get('Credential'));
    expect(credential.userName).toBe('\\username');
    expect(credential.password).toEqual(new PSSecureString('np7uo8n2ZhbN5Pp9LMpf03WLccPK1NQWYFQrg1UzyA8='));
    expect(roundTrip(toPSCredential(credential))).toStrictEqual(answers.get('Credential'));
  });
});

describe('round trips', () => {
  test('PSCredential: the spec shape, with a wire or a client SecureString', () => {
    const xml = serialize(toPSCredential({ userName: 'dom\\u', password: new PSSecureString('AAAA') }));
    expect(xml).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCredential</T><T>System.Object</T></TN>' +
        '<ToString>System.Management.Automation.PSCredential</ToString>' +
        '<Props><S N="UserName">dom\\u</S><SS N="Password">AAAA</SS></Props></Obj>',
    );
    const secret = new SecureString('pw');
    const credential = toPSCredential({ userName: 'u', password: secret });
    expect(credential.adapted.Password).toBe(secret);
    expect(fromPSCredential(credential)).toEqual({ userName: 'u', password: secret });
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  const object = (extended: Record<string, PsValue>): PSObject => new PSObject({ extended });
  test.each<[string, () => unknown]>([
    ['PSCredential with a plain-text password', () => fromPSCredential(object({ UserName: 'u', Password: 'p' }))],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});

describe('writers reject what a host must not answer with PsrpHostError', () => {
  test.each<[string, () => unknown]>([
    ['a PSCredential with a string password', () => toPSCredential({ userName: 'u', password: 'p' as never })],
  ])('%s', (_name, write) => {
    expect(write).toThrow(PsrpHostError);
  });
});
