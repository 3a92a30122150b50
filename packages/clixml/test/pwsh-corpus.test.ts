/**
 * Proof against the real serializer (PowerShell 7.6, one process for the whole file): for every corpus value
 * (test/pwsh-corpus.ts) PowerShell serializes it with PSSerializer.Serialize and
 *  1. deserialize() reads it as PowerShell's own deserializer does (same types, type names, properties, values),
 *     and gives the JS value the entry expects;
 *  2. serialize() of what was read is PowerShell's CLIXML again, byte for byte (where an entry allows other bytes,
 *     PowerShell reads ours back the same);
 *  3. serialize() of the JS value a user would write (`send`) is PowerShell's own CLIXML byte for byte, or else
 *     reads in PowerShell exactly as PowerShell's own does (PSSerializer.Deserialize, compared on
 *     .GetType().FullName, type names, ToString, properties and values).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { deserialize, deserializeDocument, PSNumber, PSObject, serialize, serializeDocument, type PsValue } from '../src/index.js';
import { CORPUS } from './pwsh-corpus.js';
import { describeJs, innerValue, PwshOracle, showDescription, type Description, type RunAnswer } from './pwsh-oracle.js';

const oracle = await PwshOracle.start();
afterAll(() => oracle?.close());

const LOSSLESS = { preserveNumberTypes: true } as const;

/** Every run request goes out at once; PowerShell answers them in order. */
const answers = new Map<string, Promise<RunAnswer>>();
if (oracle !== null) {
  for (const entry of CORPUS) {
    const answer = oracle.run(entry.ps, entry.depth ?? 1, !entry.describeFails);
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
  if (out.k === 'str' && typeof out.v === 'string' && !out.v.startsWith('sha256:')) {
    const text = Buffer.from(out.v, 'base64').toString('utf16le') as string & { toWellFormed(): string };
    out.v = Buffer.from(text.toWellFormed(), 'utf16le').toString('base64');
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
      const answer = (await answers.get(entry.name)) as RunAnswer;
      const { xml, ownError } = answer;
      const own = answer.own as Description;
      const body = innerValue(xml);
      if (entry.describeFails) {
        expect(serialize(deserialize(body, LOSSLESS))).toBe(body);
        entry.expect?.(deserialize(body));
        return;
      }
      expect(ownError ?? null, 'the comparison script failed on PowerShell\'s own value').toBeNull();

      // 1. We read PowerShell's CLIXML as PowerShell does, in both the bare and the <Objs> form.
      const lossless = deserialize(body, LOSSLESS);
      expectSameDescription(describeJs(lossless), own, 'deserialize() differs from PowerShell');
      expectSameDescription(describeJs(deserializeDocument(xml, LOSSLESS)[0] as PsValue), own, 'deserializeDocument() differs');
      entry.expect?.(deserialize(body));

      // 2. What we read goes back out as PowerShell wrote it (where the bytes differ, PowerShell reads it the same).
      const again = serialize(lossless);
      if (entry.reserializeBytes !== false) expect(again).toBe(body);
      if (again !== body) {
        expectSameDescription(await pwsh.read(serializeDocument([lossless])), own, 'PowerShell reads our re-serialization differently');
      }

      // 3. The JS value a user would write reads in PowerShell as PowerShell's own value does.
      if ('send' in entry) {
        const sent = serialize(entry.send);
        if (entry.sameBytes !== false) expect(sent).toBe(body);
        if (sent !== body) {
          expectSameDescription(await pwsh.read(serializeDocument([entry.send])), own, 'PowerShell reads our serialization of the JS value differently');
        }
      }
    });
  }
});

/** PowerShell's answer for a corpus entry, by name. */
async function own(name: string): Promise<RunAnswer> {
  const answer = answers.get(name);
  if (answer === undefined) throw new Error(`no corpus entry ${name}`);
  return answer;
}

const decode = (text: string): string => Buffer.from(text, 'base64').toString('utf16le');

describe.skipIf(oracle === null)("whose behaviour it is: PowerShell's own (we match it, or document why not)", { timeout: ANSWER_TIMEOUT_MS }, () => {
  test("PowerShell's deserializer adds Deserialized. to every type name it reads", async () => {
    const { own: described } = await own('PSCustomObject');
    expect((described?.tn as string[]).map(decode)).toEqual(['Deserialized.System.Management.Automation.PSCustomObject', 'Deserialized.System.Object']);
  });

  test('an object[] (PowerShell sends System.Object[] with <LST>) arrives as an ArrayList at every level', async () => {
    const { xml, own: described } = await own('object[] nested arrays at every level');
    expect(xml).toContain('<T>System.Object[]</T>');
    expect(described?.t).toBe('System.Collections.ArrayList');
    expect(((described?.items as Description[])[1] as Description).t).toBe('System.Collections.ArrayList');
  });

  test('a hashtable arrives as a Hashtable (with Deserialized. type names); JS gets a PSObject whose baseValue is a Map', async () => {
    const { own: described } = await own('Hashtable empty');
    expect([described?.t, decode((described?.tn as string[])[0] as string)]).toEqual(['System.Collections.Hashtable', 'Deserialized.System.Collections.Hashtable']);
  });

  test('a ScriptBlock arrives as a String: PowerShell never recreates one (we still write <SBK>, as PowerShell does)', async () => {
    const { xml, own: described } = await own('ScriptBlock (arrives in PowerShell as a String)');
    expect(xml).toContain('<SBK>');
    expect(described?.k).toBe('str');
  });

  test('a Uri is written unescaped (Uri.ToString()); we keep the text as written', async () => {
    const { xml } = await own('Uri (PowerShell writes it unescaped)');
    expect(xml).toContain('<URI>http://example.com/a b?q=A&amp;r=%2F</URI>');
  });

  test('a lone surrogate is escaped by the serializer and turned into U+FFFD by the deserializer; we keep it', async () => {
    const { xml, own: described } = await own('string: lone high surrogate');
    expect(xml).toContain('a_xD800_b');
    expect(decode(described?.v as string)).toBe('a\ufffdb');
    expect(deserialize(innerValue(xml))).toBe('a\ud800b');
  });

  test('U+FFFE makes the serializer throw; we escape it as _xFFFE_, which PowerShell reads back', async () => {
    await expect(own("string: U+FFFE (PowerShell's serializer throws; ours escapes it)")).rejects.toThrow(/invalid character/);
    expect(serialize('a\ufffeb')).toBe('<S>a_xFFFE_b</S>');
  });
});

describe.skipIf(oracle === null)('whose behaviour it is: ours, fixed for issue 9 (was different before)', { timeout: ANSWER_TIMEOUT_MS }, () => {
  test('typeNames now carry Deserialized. as PowerShell presents them (they did not); the names as sent are originalTypeNames', async () => {
    const { xml } = await own('PSCustomObject');
    const value = deserialize(innerValue(xml)) as PSObject;
    expect(value.typeNames[0]).toBe('Deserialized.System.Management.Automation.PSCustomObject');
    expect(value.originalTypeNames[0]).toBe('System.Management.Automation.PSCustomObject');
  });

  test('a JS integer beyond Int32 goes as Int64 (it went as Double); beyond 2^53 as Double', async () => {
    expect(serialize(2 ** 31)).toBe(innerValue((await own('JS number 2^31 goes as Int64')).xml));
    expect(serialize(2 ** 53)).toBe(innerValue((await own('JS number 2^53 goes as Double')).xml));
  });

  test('a plain object goes as a PSCustomObject (it was refused)', async () => {
    expect(serialize({ Name: 'x', Count: 3, Flag: true })).toBe(innerValue((await own('PSCustomObject')).xml));
  });

  test('doubles use .NET Core\'s fixed/E switch (1E+15 was written where PowerShell 7 writes 1000000000000000)', async () => {
    expect(serialize(PSNumber.double(1e15))).toBe(innerValue((await own('[double]1E+15')).xml));
    expect(serialize(PSNumber.single(1e7))).toBe(innerValue((await own('[single]1E+07')).xml));
  });

  test('an empty byte[] is <BA /> as PowerShell writes it (it was <BA></BA>)', async () => {
    expect(serialize(new Uint8Array(0))).toBe(innerValue((await own('byte[] empty')).xml));
  });

  test('<IE>, <STK> and <QUE> go back out as they came (IE was written as LST)', async () => {
    const { xml } = await own('IEnumerable (IE)');
    expect(serialize(deserialize(innerValue(xml)))).toBe(innerValue(xml));
  });
});

describe.skipIf(oracle === null)('number text as .NET writes it', { timeout: ANSWER_TIMEOUT_MS }, () => {
  test('1,000 random doubles and 500 random singles are written as XmlConvert.ToString writes them', async () => {
    const view = new DataView(new ArrayBuffer(8));
    let state = 0x2545f491;
    const nextWord = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    const doubles: number[] = [];
    while (doubles.length < 1000) {
      // Random bits (every exponent) and random decimals of every size, both signs.
      view.setUint32(0, nextWord());
      view.setUint32(4, nextWord());
      const bits = view.getFloat64(0);
      const decimal = Number(`${nextWord() % 2 ? '-' : ''}${nextWord() % 100000}.${nextWord() % 1000}e${(nextWord() % 60) - 30}`);
      for (const value of [bits, decimal]) if (Number.isFinite(value)) doubles.push(value);
    }
    const singles = doubles.slice(0, 500).map((value) => Math.fround(value)).filter((value) => Number.isFinite(value));
    const script =
      `$v = @(${doubles.map((value) => `[BitConverter]::Int64BitsToDouble(${new BigInt64Array(new Float64Array([value]).buffer)[0]})`).join(',')} | ForEach-Object { [System.Xml.XmlConvert]::ToString([double]$_) }) + ` +
      `@(${singles.map((value) => `[BitConverter]::Int32BitsToSingle(${new Int32Array(new Float32Array([value]).buffer)[0]})`).join(',')} | ForEach-Object { [System.Xml.XmlConvert]::ToString([single]$_) })`;
    const theirs = (await (oracle as PwshOracle).eval(script)).split('\n');
    const ours = [...doubles.map((value) => serialize(PSNumber.double(value))), ...singles.map((value) => serialize(PSNumber.single(value)))].map((xml) =>
      xml.replace(/^<(Db|Sg)>|<\/(Db|Sg)>$/g, ''),
    );
    const differences = ours.flatMap((text, index) => (text === theirs[index] ? [] : [`${text} vs ${theirs[index]}`]));
    expect(differences).toEqual([]);
    expect(ours).toHaveLength(theirs.length);
  });
});
