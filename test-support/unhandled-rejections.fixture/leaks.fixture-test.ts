import { expect, it } from 'vitest';

it('leaks a rejection', () => {
  void Promise.reject(new RangeError('left unhandled on purpose'));
  expect(1).toBe(1);
});

it('handles its rejection', async () => {
  await expect(Promise.reject(new Error('handled'))).rejects.toThrow('handled');
});
