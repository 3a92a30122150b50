/**
 * One long-lived real PowerShell (7.6, built by psrp-testkit) for a whole test file: test/pwsh/clixml-oracle.ps1
 * answers requests line by line (run a script and return its CLIXML, deserialize CLIXML and describe the
 * result, Import-Clixml, Export-Clixml). `describeJs` describes a JS value the same way, as PowerShell would
 * present it after its own deserializer, so the two descriptions can be compared with toEqual.
 *
 * Without PowerShell the suites skip, except under CI=true, where a missing peer fails.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  PSChar,
  PSDateTime,
  PSDecimal,
  PSDictionary,
  PSGuid,
  PSMemberSet,
  PSNumber,
  PSObject,
  PSProgressRecord,
  PSScriptBlock,
  PSSecureString,
  PSTimeSpan,
  PSUri,
  PSVersion,
  PSXmlDocument,
  type PsValue,
} from '../src/index.js';
import { formatDouble, formatSingle } from '../src/number-format.js';
import { containerTypeName, listTagOf, presentTypeNames } from '../src/values/ps-object.js';

/** What clixml-oracle.ps1's describe() makes of a value (see the script for the shape). */
export type Description = { k: string } & Record<string, unknown>;

export interface RunAnswer {
  /** PowerShell's own CLIXML of the value (PSSerializer.Serialize, an `<Objs>` document). */
  xml: string;
  /** describe() of what PowerShell's own deserializer makes of that CLIXML. */
  own: Description | null;
  /** Why the comparison script could not describe PowerShell's own value, if it could not. */
  ownError?: string | null;
}

const ORACLE_SCRIPT = join(import.meta.dirname, 'pwsh', 'clixml-oracle.ps1');
const PWSH_VERSION = '7.6.10';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Finds the pwsh psrp-testkit built (building it if needed); null when there is none and CI is not set. */
async function findPwsh(): Promise<{ executable: string; env: Readonly<Record<string, string>> } | null> {
  // The testkit's own folder for peers (.peers/ at the top of the checkout): found without loading the testkit,
  // whose dependencies other packages may be rebuilding while this suite runs.
  const peers = process.env.PSRP_PEERS_DIR ?? join(import.meta.dirname, '..', '..', '..', '.peers');
  const built = join(peers, 'pwsh', PWSH_VERSION, 'bin', 'pwsh');
  const env = { POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', DOTNET_NOLOGO: '1' };
  if (existsSync(built)) return { executable: built, env };
  try {
    const testkit = await import('psrp-testkit');
    return await testkit.requirePwsh('2.4');
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    return null;
  }
}

export class PwshOracle {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: Pending[] = [];
  #stderr = '';
  #exited = false;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => this.#answer(line));
    child.on('exit', (code) => {
      this.#exited = true;
      for (const pending of this.#pending.splice(0)) pending.reject(new Error(`pwsh exited (${code}): ${this.#stderr}`));
    });
  }

  /** Starts PowerShell; null when it is not available (and CI is not set). */
  static async start(): Promise<PwshOracle | null> {
    const pwsh = await findPwsh();
    if (pwsh === null) return null;
    const child = spawn(pwsh.executable, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', ORACLE_SCRIPT], {
      env: { ...process.env, ...pwsh.env, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new PwshOracle(child);
  }

  #answer(line: string): void {
    const pending = this.#pending.shift();
    if (pending === undefined) return;
    const space = line.indexOf(' ');
    const text = Buffer.from(line.slice(space + 1), 'base64').toString('utf8');
    if (line.startsWith('ok ')) pending.resolve(JSON.parse(text));
    else pending.reject(new Error(`pwsh: ${text}`));
  }

  #request<T>(op: string, payload: object): Promise<T> {
    if (this.#exited) return Promise.reject(new Error(`pwsh has exited: ${this.#stderr}`));
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ resolve: resolve as (value: unknown) => void, reject });
      this.#child.stdin.write(`${op} ${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64')}\n`);
    });
  }

  /** Runs a script that sets `$v`; answers PowerShell's CLIXML of `$v` and (unless `describe` is false) describe() of its own round trip. */
  run(script: string, depth = 1, describe = true): Promise<RunAnswer> {
    return this.#request('run', { script, depth, describe });
  }

  /** describe() of PSSerializer.Deserialize(xml) (xml must be an `<Objs>` document). */
  read(xml: string): Promise<Description> {
    return this.#request('read', { xml });
  }

  /** describe() of each value Import-Clixml reads from `path`. */
  importClixml(path: string): Promise<Description[]> {
    return this.#request('import', { path });
  }

  /** Runs a script that sets `$v` and pipes `$v` to Export-Clixml. */
  exportClixml(script: string, path: string, depth = 2): Promise<string> {
    return this.#request('export', { script, path, depth });
  }

  /** The output of a script that sets `$v`, joined with newlines. */
  eval(script: string): Promise<string> {
    return this.#request('eval', { script });
  }

  /** Ends PowerShell; requests still queued are dropped. */
  async close(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill();
    await exited;
  }
}

/** A PowerShell expression for a JS string, exact to the code unit (lone surrogates, controls). */
export function psString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `'${text.replaceAll("'", "''")}'`;
  const codes: number[] = [];
  for (let index = 0; index < text.length; index++) codes.push(text.charCodeAt(index));
  return `[string]::new([char[]]@(${codes.join(',')}))`;
}

/** Strips the indentation PSSerializer adds between elements (CLIXML has no mixed content; text keeps its spaces). */
export function compactClixml(xml: string): string {
  return xml.replace(/>\r?\n\s*</g, '><');
}

/** The inside of PSSerializer's `<Objs>` document: the one value element, as serialize() writes it. */
export function innerValue(xml: string): string {
  const compact = compactClixml(xml);
  const start = compact.indexOf('>') + 1;
  return compact.slice(start, compact.lastIndexOf('</Objs>'));
}

// ---- describeJs: the JS side of describe() ----

/** Longer strings are compared by their SHA-256 (of the UTF-16LE code units), as the script describes them. */
const HASHED_STRING_LENGTH = 4096;

function encodeText(text: string): string {
  const bytes = Buffer.from(text, 'utf16le');
  return text.length > HASHED_STRING_LENGTH ? `sha256:${createHash('sha256').update(bytes).digest('hex').toUpperCase()}` : bytes.toString('base64');
}

const TICKS_PER_MILLISECOND = 10_000n;
const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;

const VALUE_TYPES = new Set([
  'System.Boolean', 'System.Byte', 'System.SByte', 'System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32',
  'System.Int64', 'System.UInt64', 'System.Single', 'System.Double', 'System.Decimal', 'System.Char', 'System.DateTime',
  'System.TimeSpan', 'System.Guid',
]);

const NUMBER_TYPES: Record<string, string> = {
  By: 'System.Byte', SB: 'System.SByte', I16: 'System.Int16', U16: 'System.UInt16', I32: 'System.Int32',
  U32: 'System.UInt32', I64: 'System.Int64', U64: 'System.UInt64', Sg: 'System.Single', Db: 'System.Double',
};

/** .NET's ToString("R"): XmlConvert's digits, with infinities spelled out. */
function roundTripText(value: number, single: boolean): string {
  const text = single ? formatSingle(value) : formatDouble(value);
  return text === 'INF' ? 'Infinity' : text === '-INF' ? '-Infinity' : text;
}

function primitive(type: string, text: string): Description {
  return { k: 'prim', t: type, v: text };
}

function dateTicks(value: Date): string {
  const kind = value instanceof PSDateTime ? value.kind : 'Utc';
  const subTicks = value instanceof PSDateTime ? BigInt(value.subMillisecondTicks) : 0n;
  let wallMs = value.getTime();
  // PowerShell turns a time with an offset into this machine's local time.
  if (kind === 'Local') wallMs -= new Date(wallMs).getTimezoneOffset() * 60_000;
  const ticks = BigInt(wallMs) * TICKS_PER_MILLISECOND + UNIX_EPOCH_TICKS + subTicks;
  return `${ticks}|${kind}`;
}

/** A SecureString PSSerializer wrote without a key (Linux): the hex of its UTF-16LE text. */
function secureStringText(value: PSSecureString): string | null {
  return /^([0-9a-fA-F]{4})*$/.test(value.text) ? Buffer.from(value.text, 'hex').toString('utf16le') : null;
}

function defaultTypeNames(type: string): string[] {
  if (type === 'System.Management.Automation.PSCustomObject') return [type, 'System.Object'];
  if (VALUE_TYPES.has(type)) return [type, 'System.ValueType', 'System.Object'];
  return [type, 'System.Object'];
}

/** The .NET type PowerShell's deserializer makes: ArrayList (an <IE> wrapped once more), Hashtable, a rebuilt live type, else a property bag. */
function baseType(value: PSObject, topLevel: boolean): string {
  const base = value.baseValue;
  // PSSerializer.Deserialize hands back a top-level <IE> wrapped once more (nested, it is an ArrayList).
  if (Array.isArray(base) && listTagOf(value) === 'IE' && topLevel) return 'System.Management.Automation.PSObject';
  if (Array.isArray(base) || base instanceof Map) return containerTypeName(value);
  if (isRehydrated(value)) return value.originalTypeNames[0] as string;
  return 'System.Management.Automation.PSCustomObject';
}

/** Types PowerShell turns back into live objects keep their own type names (no Deserialized. prefix). */
function isRehydrated(value: PSObject): boolean {
  const names = value.originalTypeNames;
  return names.length > 0 && presentTypeNames(names)[0] === names[0];
}

function properties(records: readonly [Record<string, PsValue>, string][], seen: object[]): unknown[] {
  const out: unknown[] = [];
  for (const [record, memberType] of records) {
    for (const name of Object.keys(record)) {
      const value = record[name] as PsValue;
      if (value instanceof PSMemberSet) continue;
      out.push([encodeText(name), memberType, describeValue(value, seen)]);
    }
  }
  return out;
}

function memberSets(value: PSObject, seen: object[]): unknown[] {
  const out: unknown[] = [];
  for (const name of Object.keys(value.extended)) {
    const set = value.extended[name];
    if (set instanceof PSMemberSet && name !== 'PSStandardMembers') {
      out.push([encodeText(name), properties([[set.members, 'NoteProperty']], seen)]);
    }
  }
  return out;
}

function describeObject(value: PSObject, seen: object[]): Description {
  const base = value.baseValue;
  const notes = (): unknown[] => properties([[value.extended, 'NoteProperty']], seen);
  const isPrimitive = base !== undefined && base !== null && !(base instanceof PSObject) && !Array.isArray(base) && !(base instanceof Map);
  if (isPrimitive) {
    // A primitive with type names (an enum) or notes: PowerShell rebuilds the primitive and wraps it.
    const inner = describeValue(base, seen);
    if (inner.k === 'str') {
      const names = value.typeNames.length > 0 ? value.typeNames : ['System.String', 'System.Object'];
      return Object.keys(value.extended).length === 0 ? inner : { ...inner, tn: names.map(encodeText), props: notes() };
    }
    return { ...inner, tn: (value.typeNames.length > 0 ? value.typeNames : defaultTypeNames(inner.t as string)).map(encodeText), s: encodeText(String(value)), props: notes() };
  }
  if (base instanceof PSObject) return describeValue(base, seen);
  const index = seen.indexOf(value);
  if (index >= 0) return { k: 'ref', i: index };
  const type = baseType(value, seen.length === 0);
  seen.push(value);
  const typeNames = (value.typeNames.length > 0 ? value.typeNames : defaultTypeNames(type)).map(encodeText);
  if (base instanceof Map) {
    const entries = [...base].map(([key, item]) => [describeValue(key, seen), describeValue(item, seen)]);
    entries.sort((left, right) => compareJson(left[0], right[0]));
    return { t: type, tn: typeNames, s: encodeText(String(value)), k: 'dict', entries, props: notes() };
  }
  if (Array.isArray(base)) {
    return { t: type, tn: typeNames, s: encodeText(String(value)), k: 'list', items: base.map((item) => describeValue(item, seen)), props: notes() };
  }
  if (type !== 'System.Management.Automation.PSCustomObject') {
    // Rebuilt as the live .NET type: only notes a type's own members do not cover would show; PowerShell shows none.
    return { t: type, tn: typeNames, s: encodeText(String(value)), k: 'obj', props: [] };
  }
  return {
    t: type,
    tn: typeNames,
    s: encodeText(String(value)),
    k: 'obj',
    props: properties([[value.extended, 'NoteProperty'], [value.adapted, 'Property']], seen),
    sets: memberSets(value, seen),
  };
}

/** PowerShell's ConvertTo-Json writes keys in insertion order; sort entries by that text, as the script does. */
function compareJson(left: unknown, right: unknown): number {
  const a = JSON.stringify(left);
  const b = JSON.stringify(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeValue(value: PsValue | undefined, seen: object[]): Description {
  if (value === null || value === undefined) return { k: 'null' };
  switch (typeof value) {
    case 'string':
      return { k: 'str', v: encodeText(value) };
    case 'boolean':
      return primitive('System.Boolean', value ? 'True' : 'False');
    case 'number':
      return Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && !Object.is(value, -0)
        ? primitive('System.Int32', String(value))
        : primitive('System.Double', roundTripText(value, false));
    case 'bigint':
      return primitive('System.Int64', String(value));
    default:
      break;
  }
  if (value instanceof PSObject) return describeObject(value, seen);
  if (value instanceof PSNumber) {
    const type = NUMBER_TYPES[value.tag] as string;
    const number = value.value;
    const text = typeof number === 'bigint' ? String(number) : value.tag === 'Sg' || value.tag === 'Db' ? roundTripText(number, value.tag === 'Sg') : String(number);
    return primitive(type, text);
  }
  if (value instanceof PSChar) return primitive('System.Char', String(value.code));
  if (value instanceof PSDecimal) return primitive('System.Decimal', value.text.replace(/^\+/, ''));
  if (value instanceof Date) return primitive('System.DateTime', dateTicks(value));
  if (value instanceof PSTimeSpan) return primitive('System.TimeSpan', String(value.ticks));
  if (value instanceof PSGuid) return primitive('System.Guid', value.value);
  if (value instanceof PSVersion) return primitive('System.Version', value.toString());
  if (value instanceof PSUri) return primitive('System.Uri', encodeText(value.text));
  if (value instanceof Uint8Array) return { k: 'bytes', v: Buffer.from(value).toString('base64') };
  if (value instanceof PSXmlDocument) return { k: 'xml', v: encodeText(value.text) };
  // PowerShell's deserializer turns <SBK> into a string (it never rebuilds a script block it did not write itself).
  if (value instanceof PSScriptBlock) return { k: 'str', v: encodeText(value.text) };
  if (value instanceof PSSecureString) return { k: 'ss', v: encodeText(secureStringText(value) ?? '?') };
  if (value instanceof PSProgressRecord) {
    return {
      k: 'pr',
      v: [
        encodeText(value.activity), value.activityId, encodeText(value.currentOperation ?? ''), value.currentOperation === null,
        value.parentActivityId, value.percentComplete, value.recordType, value.secondsRemaining, encodeText(value.statusDescription),
      ],
    };
  }
  if (Array.isArray(value) || value instanceof PSDictionary) {
    throw new Error('describeJs expects deserialized values: containers arrive inside a PSObject');
  }
  throw new Error(`describeJs cannot describe ${Object.prototype.toString.call(value)}`);
}

/** describe() of a deserialized JS value (read with preserveNumberTypes, so numbers keep their .NET type). */
export function describeJs(value: PsValue): Description {
  return describeValue(value, []);
}

/** Text of a description for a failure message: strings decoded. */
export function showDescription(description: unknown): string {
  const text = JSON.stringify(description, (key, item: unknown) =>
    (key === 's' || key === 'tn' || (key === 'v' && typeof description === 'object')) && typeof item === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(item) && item.length % 4 === 0
      ? `${item} (${JSON.stringify(Buffer.from(item, 'base64').toString('utf16le')).slice(0, 120)})`
      : item,
  );
  return text === undefined ? 'undefined' : text.length > 600 ? `${text.slice(0, 600)}...` : text;
}
