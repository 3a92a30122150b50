import { expect, it } from 'vitest';

it('leaves nothing unhandled', async () => {
  const handled = Promise.reject(new Error('handled in the same turn'));
  const expectation = expect(handled).rejects.toThrow('handled in the same turn');
  await new Promise((resolve) => setTimeout(resolve, 5));
  await expectation;
});
