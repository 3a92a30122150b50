/**
 * Proof against the real serializer (PowerShell 7.6, one process for the whole file): for every corpus value
 * (test/pwsh-corpus.ts) PowerShell serializes it with PSSerializer.Serialize and
 *  1. deserialize() reads it as PowerShell's own deserializer does (same types, type names, properties, values),
 *     and gives the JS value the entry expects;
 *  2. serialize() of what was read is PowerShell's CLIXML again, byte for byte, and PowerShell reads it back the same;
 *  3. serialize() of the JS value a user would write (`send`) reads in PowerShell exactly as PowerShell's own does
 *     (PSSerializer.Deserialize, compared on .GetType().FullName, type names, ToString, properties and values).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { deserialize, deserializeDocument, serialize, serializeDocument, type PsValue } from '../src/index.js';
import { CORPUS } from './pwsh-corpus.js';
import { describeJs, innerValue, PwshOracle, showDescription, type Description, type RunAnswer } from './pwsh-oracle.js';

const oracle = await PwshOracle.start();
afterAll(() => oracle?.close());

const LOSSLESS = { preserveNumberTypes: true } as const;

/** Every run request goes out at once; PowerShell answers them in order. */
const answers = new Map<string, Promise<RunAnswer>>();
if (oracle !== null) {
  for (const entry of CORPUS) {
    const answer = oracle.run(entry.ps, entry.depth ?? 1);
    answer.catch(() => undefined);
    answers.set(entry.name, answer);
  }
}

/**
 * PowerShell's own deserializer turns a lone surrogate (`_xD800_`) into U+FFFD; we keep it, since a JS string
 * holds it and a round trip through JS then loses nothing. Compared as PowerShell would have it.
 */
function asPowerShellStrings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asPowerShellStrings);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(node)) out[key] = asPowerShellStrings(item);
  if (out.k === 'str' && typeof out.v === 'string') {
    out.v = Buffer.from(Buffer.from(out.v, 'base64').toString('utf16le').toWellFormed(), 'utf16le').toString('base64');
  }
  return out;
}

/** The first place two descriptions differ, with base64 text decoded, for the failure message. */
function firstDifference(actual: unknown, expected: unknown, path = '$'): string | null {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return null;
  if (actual !== null && expected !== null && typeof actual === 'object' && typeof expected === 'object') {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) {
      const found = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return `${path}: ours ${showDescription(actual)}, PowerShell ${showDescription(expected)}`;
}

function expectSameDescription(actual: Description, expected: Description, what: string): void {
  const difference = firstDifference(asPowerShellStrings(actual), expected);
  if (difference !== null) expect.fail(`${what} at ${difference}`);
}

/** PowerShell starts and compiles its first answers slowly on a busy machine; later answers take milliseconds. */
const ANSWER_TIMEOUT_MS = 180_000;

describe.skipIf(oracle === null)('CLIXML against real PowerShell 7.6', { timeout: ANSWER_TIMEOUT_MS }, () => {
  test('the corpus holds at least 200 values', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(CORPUS.map((entry) => entry.name)).size).toBe(CORPUS.length);
  });

  for (const entry of CORPUS) {
    test(entry.name, async () => {
      const pwsh = oracle as PwshOracle;
      if (entry.psFails) {
        await expect(answers.get(entry.name)).rejects.toThrow(/invalid character/);
        const described = await pwsh.read(serializeDocument([entry.send]));
        expectSameDescription(described, describeJs(entry.send as PsValue), 'PowerShell reads our escaping back');
        return;
      }
      const { xml, own } = (await answers.get(entry.name)) as RunAnswer;
      const body = innerValue(xml);
      if (entry.describeFails) {
        expect(own).toBeNull();
        expect(serialize(deserialize(body, LOSSLESS))).toBe(body);
        entry.expect?.(deserialize(body));
        return;
      }
      expect(own, 'the comparison script failed on PowerShell\'s own value').not.toBeNull();

      // 1. We read PowerShell's CLIXML as PowerShell does, in both the bare and the <Objs> form.
      const lossless = deserialize(body, LOSSLESS);
      expectSameDescription(describeJs(lossless), own, 'deserialize() differs from PowerShell');
      expectSameDescription(describeJs(deserializeDocument(xml, LOSSLESS)[0] as PsValue), own, 'deserializeDocument() differs');
      entry.expect?.(deserialize(body));

      // 2. What we read goes back out as PowerShell wrote it.
      const again = serialize(lossless);
      if (entry.reserializeBytes !== false) expect(again).toBe(body);
      expectSameDescription(await pwsh.read(serializeDocument([lossless])), own, 'PowerShell reads our re-serialization differently');

      // 3. The JS value a user would write reads in PowerShell as PowerShell's own value does.
      if ('send' in entry) {
        const sent = serialize(entry.send);
        if (entry.sameBytes !== false) expect(sent).toBe(body);
        expectSameDescription(await pwsh.read(serializeDocument([entry.send])), own, 'PowerShell reads our serialization of the JS value differently');
      }
    });
  }
});
