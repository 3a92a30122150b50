/**
 * Every PSRP message body in the pypsrp recordings (/work/shared/fixtures/pypsrp-recordings; the test
 * fails naming the path when that folder is missing) must deserialize, and survive a round trip.
 */
import { describe, expect, test } from 'vitest';
import { deserialize, PSObject, serialize } from '../src/index.js';
import { MESSAGE_TYPE, recordedMessages } from './recorded-messages.js';

const messages = recordedMessages().filter((message) => message.body.length > 0);

describe('recorded PSRP messages', () => {
  test('the recordings hold many messages of many types', () => {
    expect(messages.length).toBeGreaterThan(500);
    expect(new Set(messages.map((message) => message.messageType)).size).toBeGreaterThan(20);
  });

  test('every body deserializes', () => {
    for (const message of messages) {
      const value = deserialize(message.body);
      const where = `${message.file} ${message.messageType.toString(16)}`;
      // Pipeline input and output are any value (e.g. a bare <S>); every other message is an <Obj>.
      if (message.messageType === MESSAGE_TYPE.pipelineInput || message.messageType === MESSAGE_TYPE.pipelineOutput) {
        expect(value, where).not.toBeUndefined();
      } else {
        expect(value, where).toBeInstanceOf(PSObject);
      }
    }
  });

  test('deserialize -> serialize -> deserialize gives an equal value for every body', () => {
    for (const message of messages) {
      const first = deserialize(message.body);
      const second = deserialize(serialize(first));
      expect(second, `${message.file} ${message.messageType.toString(16)}`).toStrictEqual(first);
    }
  });

  test('server SESSION_CAPABILITY carries its versions', () => {
    const capability = messages.find(
      (message) => message.direction === 'response' && message.messageType === MESSAGE_TYPE.sessionCapability,
    );
    const value = deserialize(capability?.body ?? '') as PSObject;
    expect(String(value.get('SerializationVersion'))).toBe('1.1.0.1');
    expect(String(value.get('protocolversion'))).toMatch(/^2\.\d$/);
  });
});
