import { describe, expect, it } from 'vitest';
import { basicAuthorization } from './basic-auth.js';

describe('basicAuthorization', () => {
  it('encodes user:password as base64', () => {
    expect(basicAuthorization('vagrant', 'vagrant')).toBe('Basic dmFncmFudDp2YWdyYW50');
  });

  it('encodes non-ASCII credentials as UTF-8 (RFC 7617 charset)', () => {
    expect(basicAuthorization('jürgen', 'pässwörd€')).toBe(`Basic ${Buffer.from('jürgen:pässwörd€', 'utf8').toString('base64')}`);
  });
});
