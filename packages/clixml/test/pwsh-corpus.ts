/**
 * The values real PowerShell serializes for the corpus tests (pwsh-corpus.test.ts): every MS-PSRP 2.2.5 type,
 * nesting, references and cycles, enums and flags, Get-Item/Get-Process output and Unicode edge cases. Each
 * entry is a PowerShell script that sets `$v`, with what a JS user gets from deserialize() (`expect`) and the
 * JS value a user would write for the same thing (`send`).
 */
import { expect } from 'vitest';
import {
  PSChar,
  PSDateTime,
  PSDecimal,
  PSDictionary,
  PSGuid,
  PSNumber,
  PSObject,
  PSProgressRecord,
  PSScriptBlock,
  PSTimeSpan,
  PSUri,
  PSVersion,
  PSXmlDocument,
  type NumberTag,
  type PsSerializable,
  type PsValue,
} from '../src/index.js';
import { psString } from './pwsh-oracle.js';

export interface CorpusEntry {
  name: string;
  /** A PowerShell script that sets `$v`. */
  ps: string;
  /** PSSerializer.Serialize depth. Default 1 (what remoting uses). */
  depth?: number;
  /** What a JS user gets from deserialize() of PowerShell's CLIXML. */
  expect?: (value: PsValue) => void;
  /** The JS value a user would write for the same thing; PowerShell must read serialize(send) as it reads its own CLIXML. */
  send?: PsSerializable;
  /** serialize(send) is PowerShell's own CLIXML byte for byte (after indentation). Default true. */
  sameBytes?: boolean;
  /** serialize(deserialize(own)) is PowerShell's own CLIXML byte for byte. Default true. */
  reserializeBytes?: boolean;
  /** PowerShell's serializer throws on this value: only serialize(send) is checked, against `described`. */
  psFails?: boolean;
  /** The comparison script cannot describe PowerShell's own result: it is not asked to, only the bytes are compared. */
  describeFails?: boolean;
}

const entries: CorpusEntry[] = [];
const add = (entry: CorpusEntry): void => {
  entries.push(entry);
};

const isObject = (value: PsValue): PSObject => {
  expect(value).toBeInstanceOf(PSObject);
  return value as PSObject;
};

// ---- numbers: every integer type at its edges, Single and Double, Decimal ----

const INTEGERS: [string, NumberTag, (number | bigint)[]][] = [
  ['byte', 'By', [0, 1, 255]],
  ['sbyte', 'SB', [-128, -1, 0, 127]],
  ['int16', 'I16', [-32768, 0, 32767]],
  ['uint16', 'U16', [0, 65535]],
  ['int', 'I32', [-2147483648, -1, 0, 1, 42, 2147483647]],
  ['uint32', 'U32', [0, 4294967295]],
  ['long', 'I64', [-9223372036854775808n, -2147483649n, 0n, 2147483648n, 9007199254740993n, 9223372036854775807n]],
  ['uint64', 'U64', [0n, 18446744073709551615n]],
];
for (const [psType, tag, values] of INTEGERS) {
  for (const value of values) {
    add({
      name: `[${psType}]${value}`,
      ps: `$v = [${psType}]::Parse('${value}')`,
      expect: (got) => expect(got).toBe(tag === 'I64' || tag === 'U64' ? BigInt(value) : Number(value)),
      send: tag === 'I32' ? Number(value) : tag === 'I64' ? BigInt(value) : PSNumber.of(tag, value),
    });
  }
}
// What a JS number becomes: Int32 when it fits, Int64 for a larger safe integer (PowerShell's [long]).
add({ name: 'JS number 2^31 goes as Int64', ps: '$v = [long]2147483648', send: 2 ** 31, expect: (got) => expect(got).toBe(2147483648n) });
add({ name: 'JS number -2^53+1 goes as Int64', ps: '$v = [long]-9007199254740991', send: -(2 ** 53) + 1 });
add({ name: 'JS number 2^53 goes as Double', ps: '$v = [double]9007199254740992', send: 2 ** 53, expect: (got) => expect(got).toBe(2 ** 53) });

const DOUBLES = [
  '0', '-0', '1', '0.1', '0.5', '1.5', '-2.25', '3.141592653589793', '1E+20', '1E+15', '123456789012345', '1234567890123456',
  '12345678901234567890', '1E-05', '0.0001', '0.00012345', '5E-324', '2.2250738585072014E-308', '1.7976931348623157E+308',
  '-1.7976931348623157E+308', '4.35', '1.0000000000000002', '9007199254740993', '6.02214076E+23', '1.602176634E-19',
];
for (const text of DOUBLES) {
  const value = Number(text);
  add({
    name: `[double]${text}`,
    ps: `$v = [double]::Parse('${text}', [cultureinfo]::InvariantCulture)`,
    expect: (got) => expect(Object.is(got, value)).toBe(true),
    send: PSNumber.double(value),
  });
}
for (const [name, ps, value] of [
  ['NaN', 'NaN', Number.NaN],
  ['+Infinity', 'PositiveInfinity', Number.POSITIVE_INFINITY],
  ['-Infinity', 'NegativeInfinity', Number.NEGATIVE_INFINITY],
] as const) {
  add({ name: `[double]${name}`, ps: `$v = [double]::${ps}`, expect: (got) => expect(got).toBe(value), send: value });
}
const SINGLES = ['0', '0.1', '1.5', '-2.75', '16777216', '1E+07', '1E+20', '3.4028235E+38', '1E-45', '1.1754944E-38', '0.333333343', '123456.7'];
for (const text of SINGLES) {
  add({
    name: `[single]${text}`,
    ps: `$v = [single]::Parse('${text}', [cultureinfo]::InvariantCulture)`,
    expect: (got) => expect(Math.fround(got as number)).toBe(Math.fround(Number(text))),
    send: PSNumber.single(Number(text)),
  });
}
add({ name: '[single]NaN', ps: '$v = [single]::NaN', send: PSNumber.single(Number.NaN) });
add({ name: '[single]-Infinity', ps: '$v = [single]::NegativeInfinity', send: PSNumber.single(Number.NEGATIVE_INFINITY) });
for (const text of ['0', '1.10', '-0.00001', '79228162514264337593543950335', '-79228162514264337593543950335', '0.0000000000000000000000000001', '12345.6789']) {
  add({
    name: `[decimal]${text}`,
    ps: `$v = [decimal]::Parse('${text}', [cultureinfo]::InvariantCulture)`,
    expect: (got) => expect(got).toStrictEqual(new PSDecimal(text)),
    send: new PSDecimal(text),
  });
}

// ---- other primitives ----

add({ name: '$true', ps: '$v = $true', expect: (got) => expect(got).toBe(true), send: true });
add({ name: '$false', ps: '$v = $false', expect: (got) => expect(got).toBe(false), send: false });
add({ name: '$null', ps: '$v = $null', expect: (got) => expect(got).toBeNull(), send: null });
for (const code of [0, 9, 65, 0x7f, 0xa0, 0x3b1, 0xd800, 0xdc00, 0xfffe, 0xffff]) {
  add({
    name: `[char]0x${code.toString(16)}`,
    ps: `$v = [char]${code}`,
    expect: (got) => expect(got).toStrictEqual(new PSChar(code)),
    send: new PSChar(code),
  });
}
add({
  name: 'DateTime Utc with 100 ns ticks',
  ps: "$v = [datetime]::new(2020, 1, 2, 3, 4, 5, 678, [DateTimeKind]::Utc).AddTicks(1234)",
  expect: (got) => {
    expect(got).toBeInstanceOf(PSDateTime);
    expect((got as PSDateTime).toISOString()).toBe('2020-01-02T03:04:05.678Z');
    expect((got as PSDateTime).kind).toBe('Utc');
    expect((got as PSDateTime).subMillisecondTicks).toBe(1234);
  },
  send: PSDateTime.fromClixml('2020-01-02T03:04:05.6781234Z'),
});
add({ name: 'DateTime from a JS Date (UTC)', ps: "$v = [datetime]::new(2024, 1, 2, 3, 4, 5, 120, [DateTimeKind]::Utc)", send: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120)) });
add({
  name: 'DateTime Unspecified',
  ps: '$v = [datetime]::new(1999, 12, 31, 23, 59, 59)',
  expect: (got) => expect((got as PSDateTime).kind).toBe('Unspecified'),
  send: PSDateTime.fromClixml('1999-12-31T23:59:59'),
});
add({
  name: 'DateTime Local',
  ps: '$v = [datetime]::new(2021, 6, 7, 8, 9, 10, [DateTimeKind]::Local)',
  expect: (got) => expect((got as PSDateTime).kind).toBe('Local'),
  reserializeBytes: true,
});
add({ name: 'DateTime MinValue', ps: '$v = [datetime]::MinValue', send: PSDateTime.fromClixml('0001-01-01T00:00:00') });
add({ name: 'DateTime MaxValue', ps: '$v = [datetime]::MaxValue', send: PSDateTime.fromClixml('9999-12-31T23:59:59.9999999') });
for (const ticks of [0n, 1n, -1n, 10_000_000n, 36_000_000_000n, 900_000_000_000n + 12_345n, 9223372036854775807n, -9223372036854775808n]) {
  add({
    name: `TimeSpan ${ticks} ticks`,
    ps: `$v = [timespan]::FromTicks(${ticks})`,
    expect: (got) => expect((got as PSTimeSpan).ticks).toBe(ticks),
    send: new PSTimeSpan(ticks),
  });
}
add({
  name: 'Guid',
  ps: "$v = [guid]'6F9619FF-8B86-D011-B42D-00C04FC964FF'",
  expect: (got) => expect(String(got)).toBe('6f9619ff-8b86-d011-b42d-00c04fc964ff'),
  send: new PSGuid('6F9619FF-8B86-D011-B42D-00C04FC964FF'),
});
for (const text of ['1.2', '1.2.3', '1.2.3.4', '0.0', '2147483647.0.0.2147483647']) {
  add({ name: `Version ${text}`, ps: `$v = [version]'${text}'`, expect: (got) => expect(String(got)).toBe(text), send: PSVersion.parse(text) });
}
// PowerShell writes a Uri with Uri.ToString(), which unescapes it: that is PowerShell's own behaviour, not ours.
add({
  name: 'Uri (PowerShell writes it unescaped)',
  ps: "$v = [uri]'http://example.com/a%20b?q=%41&r=%2F'",
  expect: (got) => expect(got).toStrictEqual(new PSUri('http://example.com/a b?q=A&r=%2F')),
  send: new PSUri('http://example.com/a b?q=A&r=%2F'),
});
add({ name: 'Uri relative', ps: "$v = [uri]::new('foo/bar?x=1', [UriKind]::Relative)", send: new PSUri('foo/bar?x=1') });
add({ name: 'Uri with _x', ps: "$v = [uri]'http://x/_x0041_'", expect: (got) => expect(String(got)).toBe('http://x/_x0041_'), send: new PSUri('http://x/_x0041_') });
add({ name: 'byte[] empty', ps: '$v = [byte[]]@()', expect: (got) => expect(got).toStrictEqual(new Uint8Array(0)), send: new Uint8Array(0) });
add({
  name: 'byte[] all values',
  ps: '$v = [byte[]](0..255)',
  expect: (got) => expect(got).toStrictEqual(Uint8Array.from({ length: 256 }, (_, index) => index)),
  send: Uint8Array.from({ length: 256 }, (_, index) => index),
});
add({ name: 'XmlDocument', ps: "$v = [xml]'<a b=\"1\">x<c/>_x0041_</a>'", expect: (got) => expect(got).toBeInstanceOf(PSXmlDocument), send: new PSXmlDocument('<a b="1">x<c />_x0041_</a>') });
// PowerShell's deserializer turns <SBK> into a string: PowerShell's own behaviour (it never recreates script blocks).
add({
  name: 'ScriptBlock (arrives in PowerShell as a String)',
  ps: "$v = { Get-Item '_x0041_' \"`t\" }",
  expect: (got) => expect(got).toStrictEqual(new PSScriptBlock(" Get-Item '_x0041_' \"`t\" ")),
  send: new PSScriptBlock(" Get-Item '_x0041_' \"`t\" "),
});
add({
  name: 'ProgressRecord',
  ps: "$v = [System.Management.Automation.ProgressRecord]::new(7, 'act_x0041_', 'status'); $v.CurrentOperation = 'op'; $v.PercentComplete = 50; $v.SecondsRemaining = 3; $v.ParentActivityId = 2",
  expect: (got) => {
    expect(got).toBeInstanceOf(PSProgressRecord);
    expect((got as PSProgressRecord).activity).toBe('act_x0041_');
  },
  send: new PSProgressRecord({ activity: 'act_x0041_', activityId: 7, statusDescription: 'status', currentOperation: 'op', percentComplete: 50, secondsRemaining: 3, parentActivityId: 2 }),
});
add({
  name: 'ProgressRecord completed, no operation',
  ps: "$v = [System.Management.Automation.ProgressRecord]::new(1, 'a', 'b'); $v.RecordType = 'Completed'",
  send: new PSProgressRecord({ activity: 'a', activityId: 1, statusDescription: 'b', recordType: 'Completed' }),
});

// ---- strings: Unicode edge cases ----

const STRINGS: [string, string][] = [
  ['empty string', ''],
  ['ASCII', 'hello world'],
  ['XML specials', `<a href="x">&amp; 'q' ]]> </a>`],
  ['leading and trailing spaces', '  spaced  '],
  ['CRLF, CR, LF, tab', 'a\r\nb\rc\nd\te'],
  ['BMP non-ASCII', 'こんにちは – é ü ß Ωμέγα ☃'],
  ['astral characters', '😀 𐐷 𝄞 🏳️‍🌈'],
  ['lone high surrogate', 'a\ud800b'],
  ['lone low surrogate', 'a\udc00b'],
  ['reversed pair', '\udc00\ud800'],
  ['high surrogate at the end', 'end\ud83d'],
  ['DEL and C1 controls', '\u007f\u0080\u0085\u009f\u00a0'],
  ['BOM and U+FFFD inside', 'x\ufeffy\ufffdz'],
  ['_x runs', '_x0041_ _X0041_ _x _x005F_ __x0041__ _xD800_ _x0001F600_ _xZZZZ_'],
  ['underscores not before x', '_ __ _a_ x_ _y'],
  ['one underscore-x', '_x'],
  ['escape-like at the end', 'abc_x00'],
  ['all XML whitespace', ' \t\n\r '],
  ['quotes and apostrophes', `"'"'`],
  ['long line of specials', '<&>'.repeat(1000)],
];
for (let code = 0; code < 0x20; code++) STRINGS.push([`C0 control U+${code.toString(16).padStart(4, '0')}`, `a${String.fromCharCode(code)}b`]);
for (const [name, text] of STRINGS) {
  add({ name: `string: ${name}`, ps: `$v = ${psString(text)}`, expect: (got) => expect(got).toBe(text), send: text });
}
add({ name: 'string: 1 MiB', ps: "$v = 'abc_x' * 209715", expect: (got) => expect((got as string).length).toBe(5 * 209715), send: 'abc_x'.repeat(209715) });
add({ name: 'string: 10 MB', ps: "$v = 'x' * 10000000", expect: (got) => expect((got as string).length).toBe(10_000_000), send: 'x'.repeat(10_000_000) });
// PowerShell's serializer throws on U+FFFE and U+FFFF (XML forbids them); we escape them, and PowerShell reads that back.
for (const [name, text] of [
  ['U+FFFE', 'a\ufffeb'],
  ['U+FFFF', '\uffff'],
] as const) {
  add({ name: `string: ${name} (PowerShell's serializer throws; ours escapes it)`, ps: `$v = ${psString(text)}`, send: text, psFails: true });
}

// ---- collections ----

add({
  name: 'object[] (arrives as ArrayList, PowerShell\'s own behaviour)',
  ps: "$v = @(1, 'a', $null, 2.5)",
  expect: (got) => {
    const list = isObject(got);
    expect(list.typeNames).toEqual(['Deserialized.System.Object[]', 'Deserialized.System.Array', 'Deserialized.System.Object']);
    expect(list.baseValue).toEqual([1, 'a', null, 2.5]);
    expect(String(list)).toBe('1 a  2.5');
  },
  send: [1, 'a', null, 2.5],
});
add({ name: 'object[] empty', ps: '$v = [object[]]@()', send: [] });
add({ name: 'object[] nested arrays at every level', ps: '$v = @(1, @(2, @(3, @())))', send: [1, [2, [3, []]]] });
add({ name: 'int[]', ps: '$v = [int[]]@(1, 2, 3)', expect: (got) => expect(isObject(got).baseValue).toEqual([1, 2, 3]) });
add({ name: 'string[]', ps: "$v = [string[]]@('a', 'b')" });
add({ name: 'ArrayList', ps: "$v = [System.Collections.ArrayList]@(1, 'x')" });
add({ name: 'List[int]', ps: '$v = [System.Collections.Generic.List[int]]@(4, 5)' });
add({
  name: 'Stack (topmost first)',
  ps: '$v = [System.Collections.Stack]::new(); $v.Push(1); $v.Push(2); $v.Push(3)',
  expect: (got) => expect(isObject(got).baseValue).toEqual([3, 2, 1]),
  send: new PSObject({ typeNames: ['System.Collections.Stack', 'System.Object'], baseValue: [3, 2, 1] }),
});
add({
  name: 'Queue',
  ps: '$v = [System.Collections.Queue]::new(); $v.Enqueue(1); $v.Enqueue(2)',
  send: new PSObject({ typeNames: ['System.Collections.Queue', 'System.Object'], baseValue: [1, 2] }),
});
add({ name: 'IEnumerable (IE)', ps: '$v = [System.Linq.Enumerable]::Range(1, 3)' });
add({ name: 'HashSet (IE)', ps: '$v = [System.Collections.Generic.HashSet[int]]@(7)' });
add({
  name: 'Hashtable (PowerShell rebuilds a Hashtable; JS gets a PSObject over a Map)',
  ps: "$v = @{ a = 1 }",
  expect: (got) => {
    const table = isObject(got);
    expect(table.typeNames).toEqual(['Deserialized.System.Collections.Hashtable', 'Deserialized.System.Object']);
    expect(table.baseValue).toBeInstanceOf(PSDictionary);
    expect((table as unknown as Record<string, unknown>).a).toBe(1);
  },
  send: new Map([['a', 1]]),
});
add({ name: 'Hashtable of several keys', ps: "$v = @{ a = 1; b = 'x'; c = $null; d = @(1, 2) }", send: new Map<PsValue, PsValue>([['a', 1], ['b', 'x'], ['c', null], ['d', [1, 2]]]), sameBytes: false });
add({ name: 'Hashtable with integer and object keys', ps: "$v = @{ 1 = 'one'; 2 = 'two' }", send: new Map<PsValue, PsValue>([[1, 'one'], [2, 'two']]), sameBytes: false });
add({ name: 'Hashtable empty', ps: '$v = @{}', send: new Map() });
add({ name: 'nested Hashtables', ps: '$v = @{ outer = @{ inner = @{ x = 1 } } }', depth: 3, send: new Map([['outer', new Map([['inner', new Map([['x', 1]])]])]]) });
add({ name: 'OrderedDictionary', ps: '$v = [ordered]@{ z = 1; a = 2 }' });
add({ name: 'Dictionary[string,int]', ps: "$v = [System.Collections.Generic.Dictionary[string,int]]::new(); $v['k'] = 3" });

// ---- objects ----

add({
  name: 'PSCustomObject',
  ps: "$v = [pscustomobject]@{ Name = 'x'; Count = 3; Flag = $true }",
  expect: (got) => {
    const object = isObject(got) as PSObject & Record<string, PsValue>;
    expect(object.typeNames).toEqual(['Deserialized.System.Management.Automation.PSCustomObject', 'Deserialized.System.Object']);
    expect(object.originalTypeNames).toEqual(['System.Management.Automation.PSCustomObject', 'System.Object']);
    expect([object.Name, object.count, object.FLAG]).toEqual(['x', 3, true]);
    expect(String(object)).toBe('@{Name=x; Count=3; Flag=True}');
  },
  send: { Name: 'x', Count: 3, Flag: true },
});
add({ name: 'PSCustomObject empty', ps: '$v = [pscustomobject]@{}', send: {} });
add({
  name: 'PSCustomObject nested, depth 2',
  ps: "$v = [pscustomobject]@{ a = [pscustomobject]@{ b = [pscustomobject]@{ c = 1 } }; list = @(1, 2); table = @{ k = 'v' } }",
  depth: 2,
});
add({ name: 'PSCustomObject nested beyond the depth (written as a string)', ps: '$v = [pscustomobject]@{ a = [pscustomobject]@{ b = [pscustomobject]@{ c = 1 } } }', depth: 1 });
add({ name: 'PSCustomObject with property names to escape', ps: "$v = [pscustomobject]@{ 'a b' = 1; 'x_x0041_' = 2; '<&>' = 3; '__proto__' = 4; 'constructor' = 5 }", send: { 'a b': 1, x_x0041_: 2, '<&>': 3, ['__proto__']: 4, constructor: 5 } as PsSerializable });
add({
  name: 'PSCustomObject with a type name inserted',
  ps: "$v = [pscustomobject]@{ a = 1 }; $v.pstypenames.Insert(0, 'My.Type')",
  expect: (got) => expect(isObject(got).typeNames[0]).toBe('Deserialized.My.Type'),
  send: new PSObject({ typeNames: ['My.Type', 'System.Management.Automation.PSCustomObject', 'System.Object'], extended: { a: 1 } }),
});
add({ name: 'object with a property set (nested MS)', ps: "$v = [pscustomobject]@{ A = 1; B = 2 }; $v | Add-Member -MemberType MemberSet -Name Extra -Value ([System.Management.Automation.PSMemberInfo[]]@([System.Management.Automation.PSNoteProperty]::new('N', 'n')))" });
add({ name: 'PSStandardMembers (DefaultDisplayPropertySet)', ps: "$v = [pscustomobject]@{ A = 1; B = 2; C = 3 }; $v | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([System.Management.Automation.PSMemberInfo[]]@([System.Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]]@('A', 'C'))))" });
add({
  name: 'string with note properties (Get-Content output)',
  ps: "$p = [System.IO.Path]::GetTempFileName(); Set-Content -LiteralPath $p -Value 'first line'; $v = Get-Content -LiteralPath $p -TotalCount 1; Remove-Item -LiteralPath $p",
  expect: (got) => {
    const line = isObject(got);
    expect(line.baseValue).toBe('first line');
    expect(String(line)).toBe('first line');
    expect(typeof line.get('PSPath')).toBe('string');
  },
});
add({
  name: 'enum ConsoleColor',
  ps: '$v = [ConsoleColor]::Blue',
  expect: (got) => {
    const color = isObject(got);
    expect(String(color)).toBe('Blue');
    expect(Number(color)).toBe(9);
    expect(color.typeNames[0]).toBe('Deserialized.System.ConsoleColor');
  },
  send: new PSObject({ typeNames: ['System.ConsoleColor', 'System.Enum', 'System.ValueType', 'System.Object'], toStringValue: 'Blue', baseValue: 9 }),
});
add({ name: 'enum flags FileAttributes', ps: "$v = [System.IO.FileAttributes]'ReadOnly, Hidden, Archive'", expect: (got) => expect(String(got)).toBe('ReadOnly, Hidden, Archive') });
add({ name: 'enum DayOfWeek', ps: '$v = [DayOfWeek]::Friday' });
add({ name: 'enum with a non-Int32 base (byte)', ps: '$v = [System.Security.AccessControl.AceType]::AccessDenied' });
add({ name: 'enum ActionPreference', ps: '$v = [System.Management.Automation.ActionPreference]::Stop' });
add({ name: 'SemanticVersion (an object with Props)', ps: "$v = [semver]'1.2.3-beta.1+build'" });
add({ name: 'BigInteger', ps: "$v = [bigint]::Parse('123456789012345678901234567890')" });
add({ name: 'DateTimeOffset', ps: '$v = [datetimeoffset]::new(2020, 1, 2, 3, 4, 5, [timespan]::FromHours(2))', reserializeBytes: true });
add({ name: 'IPAddress', ps: "$v = [ipaddress]'10.0.0.1'" });
add({ name: 'CultureInfo', ps: "$v = [cultureinfo]'de-DE'" });
add({ name: 'PSCredential (SecureString inside)', ps: "$v = [pscredential]::new('user', (ConvertTo-SecureString 'p@ss_x' -AsPlainText -Force))" });
add({ name: 'SecureString', ps: "$v = ConvertTo-SecureString 'secret' -AsPlainText -Force" });
add({ name: 'ErrorRecord', ps: "try { throw [System.IO.FileNotFoundException]::new('gone', 'f.txt') } catch { $v = $_ }", depth: 2 });
add({ name: 'Exception', ps: "$v = [System.InvalidOperationException]::new('bad', [System.ArgumentException]::new('inner'))" });
add({ name: 'InformationRecord', ps: "$v = [System.Management.Automation.InformationRecord]::new('msg', 'src')", reserializeBytes: true });
add({ name: 'Get-Item of a folder', ps: '$v = Get-Item /tmp', depth: 1 });
add({ name: 'Get-Item of a file, depth 2', ps: '$v = Get-Item $PSHOME/pwsh.dll -ErrorAction SilentlyContinue; if (-not $v) { $v = Get-Item (Get-Command pwsh -ErrorAction SilentlyContinue).Source }; if (-not $v) { $v = Get-Item /etc/hostname }', depth: 2 });
add({ name: 'Get-Process | Select-Object -First 5', ps: '$v = @(Get-Process | Select-Object -First 5)', depth: 1 });
add({ name: 'Get-Process of this process, depth 1', ps: '$v = Get-Process -Id $PID', depth: 1 });
add({ name: 'Get-ChildItem of a folder', ps: '$v = @(Get-ChildItem $PSHOME | Select-Object -First 10)', depth: 1 });
add({ name: 'Get-Date (a DateTime with notes)', ps: '$v = Get-Date -Date ([datetime]::new(2020, 5, 6, 7, 8, 9, [DateTimeKind]::Utc))' });
add({ name: '$PSVersionTable', ps: '$v = $PSVersionTable', depth: 2 });
add({ name: 'Get-Command output', ps: '$v = Get-Command Get-Item', depth: 1 });

// ---- references and cycles ----

add({
  name: 'the same object twice in a list (Ref)',
  ps: "$o = [pscustomobject]@{ x = 1 }; $v = @($o, $o)",
  expect: (got) => {
    const [first, second] = isObject(got).baseValue as PSObject[];
    expect(second).toBe(first);
  },
  send: ((shared) => [shared, shared])({ x: 1 }),
});
add({
  name: 'an object that contains itself (cycle)',
  ps: "$v = [pscustomobject]@{ name = 'self' }; $v | Add-Member -NotePropertyName me -NotePropertyValue $v",
  depth: 3,
  expect: (got) => {
    const object = isObject(got);
    expect(object.get('me')).toBe(object);
    expect(JSON.stringify(object)).toBe('{"name":"self","me":"[Circular]"}');
  },
  send: ((self: Record<string, PsSerializable>) => ((self.me = self), self))({ name: 'self' }),
});
add({ name: 'two objects that refer to each other', ps: "$a = [pscustomobject]@{ n = 'a' }; $b = [pscustomobject]@{ n = 'b'; other = $a }; $a | Add-Member -NotePropertyName other -NotePropertyValue $b; $v = @($a, $b)", depth: 4 });
// The comparison script recurses without end on PowerShell's own reading of this one (and takes a minute to
// find out): bytes only.
add({ name: 'a list that contains itself', ps: '$v = [System.Collections.ArrayList]::new(); [void]$v.Add(1); [void]$v.Add($v)', depth: 3, describeFails: true });
add({ name: 'a hashtable in two places', ps: '$h = @{ k = 1 }; $v = [pscustomobject]@{ a = $h; b = $h }', depth: 2 });
add({ name: 'shared type names (TNRef) across many objects', ps: '$v = @(1..20 | ForEach-Object { [pscustomobject]@{ i = $_ } })' });
add({ name: 'deep chain of 20 objects', ps: '$v = 0; for ($i = 0; $i -lt 20; $i++) { $v = [pscustomobject]@{ level = $i; inner = $v } }', depth: 25 });
add({ name: 'deep nested arrays (containers take no depth)', ps: '$v = 1; for ($i = 0; $i -lt 25; $i++) { $v = ,$v }' });

export const CORPUS: readonly CorpusEntry[] = entries;
