/**
 * What a runtime contract (see run-matrix.mjs) records its checks with, on every runtime: named checks run in order,
 * a failure keeps its message and stack, and `report()` is the JSON the runner reads.
 */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Asserts that `run` throws (or rejects with) an error whose `code` is `code`. */
export async function expectErrorCode(run, code) {
  let thrown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  assert(thrown !== undefined, `expected ${code}, nothing was thrown`);
  assert(thrown?.code === code, `expected ${code}, got ${thrown?.code ?? thrown}`);
}

export function createChecks() {
  const results = [];
  return {
    async check(name, run) {
      try {
        await run();
        results.push({ name, ok: true });
      } catch (error) {
        results.push({ name, ok: false, error: String(error?.stack ?? error) });
      }
    },
    report(note) {
      const failures = results.filter((result) => !result.ok).map(({ name, error }) => ({ name, error }));
      return { passed: results.length - failures.length, failed: failures.length, failures, checks: results.map((result) => result.name), ...(note ? { note } : {}) };
    },
  };
}
