import { describe, expect, test } from 'vitest';
import { isSecureText, secureText } from './host-secrets.js';

describe('round trips', () => {
  test('SecureText markers', () => {
    expect(secureText('pw')).toEqual({ kind: 'secure-string', value: 'pw' });
    expect(isSecureText(secureText('pw'))).toBe(true);
    expect(isSecureText({ kind: 'secure-string' })).toBe(false);
    expect(isSecureText('pw')).toBe(false);
  });
});
