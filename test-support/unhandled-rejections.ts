/**
 * A setup file every package's suite runs (vitest.shared.ts): a promise rejection that nobody handles fails the
 * test during which it surfaced (afterEach), or the file (afterAll), naming the reason. Vitest on its own reports
 * such a rejection as an "unhandled error" and fails the run, but passes every test and names none; here the test
 * that leaked it fails. Node reports a rejection once the microtask queue has drained, so each check first lets one
 * macrotask turn go by.
 */
import { afterAll, afterEach } from 'vitest';

const unhandled: unknown[] = [];
const record = (reason: unknown): void => {
  unhandled.push(reason);
};
process.on('unhandledRejection', record);

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}

async function failOnUnhandled(where: string): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (unhandled.length === 0) return;
  const reasons = unhandled.splice(0);
  const error = new Error(`${reasons.length} unhandled promise rejection(s) ${where}: ${reasons.map(describeReason).join('; ')}`, { cause: reasons[0] });
  error.name = 'UnhandledRejectionError';
  throw error;
}

afterEach(() => failOnUnhandled('during this test'));
afterAll(async () => {
  try {
    await failOnUnhandled('in this file (after its last test)');
  } finally {
    process.off('unhandledRejection', record);
  }
});
