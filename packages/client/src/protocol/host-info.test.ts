import { PSDictionary, PSObject, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { specXml } from '../../test/ms-psrp-examples.js';
import { PsrpHostError } from '../errors.js';
import { buildHostInfo, buildNullHostInfo, type HostRawUIDefaults } from './host-info.js';

/** The raw UI values of the spec's INIT_RUNSPACEPOOL example (2.2.2.2). */
const SPEC_RAW_UI: HostRawUIDefaults = {
  foregroundColor: 'DarkYellow',
  backgroundColor: 'DarkMagenta',
  cursorPosition: { x: 0, y: 4 },
  windowPosition: { x: 0, y: 0 },
  cursorSize: 25,
  bufferSize: { width: 120, height: 3000 },
  windowSize: { width: 120, height: 79 },
  maxWindowSize: { width: 120, height: 98 },
  maxPhysicalWindowSize: { width: 181, height: 98 },
  windowTitle: 'Windows PowerShell V2 (MS Internal Only)',
};

/**
 * A comparable view of a deserialized value: strings trimmed (the PDF wrapped one `<S>`), dictionaries as entries
 * sorted by key (a Hashtable has no order).
 */
function normalize(value: PsValue | undefined): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Map) {
    return [...value].map(([key, item]) => [normalize(key), normalize(item)]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  }
  if (value instanceof PSObject) {
    const record = (members: Record<string, PsValue>) =>
      Object.fromEntries(Object.entries(members).map(([name, item]) => [name, normalize(item)]));
    return {
      typeNames: value.typeNames,
      toString: value.toStringValue,
      adapted: record(value.adapted),
      extended: record(value.extended),
      base: value.baseValue === undefined ? undefined : normalize(value.baseValue),
    };
  }
  return value;
}

describe('buildHostInfo', () => {
  test('without a host: every flag true, no default data (the spec CREATE_PIPELINE example)', () => {
    const spec = (deserialize(specXml('### 2.2.2.10 CREATE_PIPELINE')) as PSObject).get('HostInfo');
    expect(deserialize(serialize(buildHostInfo(null)))).toStrictEqual(spec);
    expect(buildHostInfo(null)).toStrictEqual(buildNullHostInfo());
    expect(serialize(buildNullHostInfo())).toBe(
      '<Obj RefId="0"><MS><B N="_isHostNull">true</B><B N="_isHostUINull">true</B><B N="_isHostRawUINull">true</B>' +
        '<B N="_useRunspaceHost">true</B></MS></Obj>',
    );
  });

  test('with a raw UI: matches the spec INIT_RUNSPACEPOOL example structurally', () => {
    const spec = (deserialize(specXml('### 2.2.2.2 INIT_RUNSPACEPOOL')) as PSObject).get('HostInfo');
    const mine = deserialize(serialize(buildHostInfo({ hasUI: true, rawUI: SPEC_RAW_UI })));
    expect(normalize(mine)).toStrictEqual(normalize(spec));
  });

  test('writes _hostDefaultData as a Hashtable of Int32 keys to {T, V}', () => {
    const xml = serialize(buildHostInfo({ hasUI: true, rawUI: SPEC_RAW_UI }));
    expect(xml.startsWith('<Obj RefId="0"><MS><Obj N="_hostDefaultData" RefId="1"><MS><Obj N="data" RefId="2">')).toBe(true);
    expect(xml).toContain('<TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT>');
    expect(xml).toContain(
      '<En><I32 N="Key">0</I32><Obj N="Value" RefId="3"><MS><S N="T">System.ConsoleColor</S><I32 N="V">6</I32></MS></Obj></En>',
    );
    expect(xml).toContain(
      '<En><I32 N="Key">2</I32><Obj N="Value" RefId="5"><MS><S N="T">System.Management.Automation.Host.Coordinates</S>' +
        '<Obj N="V" RefId="6"><MS><I32 N="x">0</I32><I32 N="y">4</I32></MS></Obj></MS></Obj></En>',
    );
    expect(xml).toContain('<En><I32 N="Key">4</I32><Obj N="Value" RefId="9"><MS><S N="T">System.Int32</S><I32 N="V">25</I32></MS></Obj></En>');
    expect(xml).toContain(
      '<En><I32 N="Key">8</I32><Obj N="Value" RefId="16"><MS><S N="T">System.Management.Automation.Host.Size</S>' +
        '<Obj N="V" RefId="17"><MS><I32 N="width">181</I32><I32 N="height">98</I32></MS></Obj></MS></Obj></En>',
    );
    expect(xml).toContain(
      '<En><I32 N="Key">9</I32><Obj N="Value" RefId="18"><MS><S N="T">System.String</S>' +
        '<S N="V">Windows PowerShell V2 (MS Internal Only)</S></MS></Obj></En></DCT></Obj></MS></Obj>',
    );
    expect(xml.endsWith('<B N="_isHostNull">false</B><B N="_isHostUINull">false</B><B N="_isHostRawUINull">false</B><B N="_useRunspaceHost">false</B></MS></Obj>')).toBe(true);
  });

  test('has all ten keys, 0-9', () => {
    const info = buildHostInfo({ hasUI: true, rawUI: SPEC_RAW_UI });
    const data = ((info.get('_hostDefaultData') as PSObject).get('data') as PSObject).baseValue as PSDictionary;
    expect([...data.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('a host without a raw UI, or without a UI, says so and sends no default data', () => {
    const noRaw = buildHostInfo({ hasUI: true, rawUI: null });
    expect(noRaw.extended).toEqual({ _isHostNull: false, _isHostUINull: false, _isHostRawUINull: true, _useRunspaceHost: false });
    const noUI = buildHostInfo({ hasUI: false, rawUI: SPEC_RAW_UI });
    expect(noUI.extended).toEqual({ _isHostNull: false, _isHostUINull: true, _isHostRawUINull: true, _useRunspaceHost: false });
  });

  test('rejects raw UI values that do not fit their .NET types', () => {
    expect(() => buildHostInfo({ hasUI: true, rawUI: { ...SPEC_RAW_UI, cursorSize: 2.5 } })).toThrow(PsrpHostError);
    expect(() => buildHostInfo({ hasUI: true, rawUI: { ...SPEC_RAW_UI, foregroundColor: 'Pink' as never } })).toThrow(PsrpHostError);
    expect(() => buildHostInfo({ hasUI: true, rawUI: { ...SPEC_RAW_UI, windowSize: { width: -1.5, height: 0 } } })).toThrow(PsrpHostError);
  });
});
