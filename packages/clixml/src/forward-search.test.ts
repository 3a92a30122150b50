import { describe, expect, it } from 'vitest';
import { ForwardSearch } from './forward-search.js';

describe('ForwardSearch', () => {
  it('finds the next occurrence at or after each position asked about, positions moving forward', () => {
    const search = new ForwardSearch('&');
    const text = 'a&b&&c';
    expect([0, 1, 2, 3, 4, 5].map((position) => search.from(text, position))).toEqual([1, 1, 3, 3, 4, -1]);
  });

  it('tells whether the character stands in a range, and forgets its answers on reset for a new text', () => {
    const search = new ForwardSearch('\r');
    expect(search.occursIn('ab\rc', 0, 2)).toBe(false);
    expect(search.occursIn('ab\rc', 0, 3)).toBe(true);
    expect(search.occursIn('ab\rc', 3, 4)).toBe(false);
    search.reset();
    expect(search.from('\rxyz', 0)).toBe(0);
  });
});
