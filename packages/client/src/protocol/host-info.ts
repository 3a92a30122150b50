/**
 * MS-PSRP 2.2.3.14 HostInfo, sent in INIT_RUNSPACEPOOL and CREATE_PIPELINE. Without a host the flags say so and
 * the server makes no host calls for UI (what a client without PSHost support must send). With a host, the flags
 * say which of host, UI and raw UI exist, and `_hostDefaultData` carries the raw UI's current values so the
 * server can answer the RawUI getters itself.
 *
 * `_hostDefaultData` (spec example in 2.2.2.2) is an `<Obj>` whose extended property `data` is a Hashtable keyed
 * by Int32 0-9; each value is an `<Obj>` with `T`, the .NET type name, and `V`, the value:
 * 0 ForegroundColor, 1 BackgroundColor (System.ConsoleColor, V an I32), 2 CursorPosition, 3 WindowPosition
 * (Coordinates, V an object of `x`, `y`), 4 CursorSize (System.Int32), 5 BufferSize, 6 WindowSize,
 * 7 MaxWindowSize, 8 MaxPhysicalWindowSize (Size, V an object of `width`, `height`), 9 WindowTitle (System.String).
 */
import { PSDictionary, PSObject, type PsValue } from '@psrp/clixml';
import { CONSOLE_COLOR_TYPE_NAME, toConsoleColor, type ConsoleColor } from './host-values/console-color.js';
import { toCoordinates, toSize, type Coordinates, type Size } from './host-values/geometry.js';
import { toInt32 } from './host-values/host-encoding.js';

/** The raw UI's values when the pool or pipeline is created. */
export interface HostRawUIDefaults {
  readonly foregroundColor: ConsoleColor;
  readonly backgroundColor: ConsoleColor;
  readonly cursorPosition: Coordinates;
  readonly windowPosition: Coordinates;
  readonly cursorSize: number;
  readonly bufferSize: Size;
  readonly windowSize: Size;
  readonly maxWindowSize: Size;
  readonly maxPhysicalWindowSize: Size;
  readonly windowTitle: string;
}

/** What HostInfo says about a client host. */
export interface HostDefaults {
  /** False when the host has no user interface (`_isHostUINull`); then it has no raw UI either. */
  readonly hasUI: boolean;
  /** The raw UI's values, or null when the host has none (`_isHostRawUINull`). */
  readonly rawUI: HostRawUIDefaults | null;
}

const COORDINATES_TYPE_NAME = 'System.Management.Automation.Host.Coordinates';
const SIZE_TYPE_NAME = 'System.Management.Automation.Host.Size';
const HASHTABLE_TYPE_NAMES = ['System.Collections.Hashtable', 'System.Object'];

/** HostInfo for no host at all: every flag true, the server uses its own (null) host. */
export function buildNullHostInfo(): PSObject {
  return new PSObject({
    extended: {
      _isHostNull: true,
      _isHostUINull: true,
      _isHostRawUINull: true,
      _useRunspaceHost: true,
    },
  });
}

/** HostInfo for `host`, or the null-host HostInfo when it is null. */
export function buildHostInfo(host: HostDefaults | null): PSObject {
  if (host === null) return buildNullHostInfo();
  const rawUI = host.hasUI ? host.rawUI : null;
  const extended: Record<string, PsValue> = {};
  if (rawUI !== null) extended._hostDefaultData = buildHostDefaultData(rawUI);
  extended._isHostNull = false;
  extended._isHostUINull = !host.hasUI;
  extended._isHostRawUINull = rawUI === null;
  extended._useRunspaceHost = false;
  return new PSObject({ extended });
}

/** The `_hostDefaultData` object: `{ data: Hashtable<Int32, {T, V}> }`. */
export function buildHostDefaultData(rawUI: HostRawUIDefaults): PSObject {
  const typed = (typeName: string, value: PsValue): PSObject => new PSObject({ extended: { T: typeName, V: value } });
  const data = new PSDictionary([
    [0, typed(CONSOLE_COLOR_TYPE_NAME, toConsoleColor(rawUI.foregroundColor, 'ForegroundColor'))],
    [1, typed(CONSOLE_COLOR_TYPE_NAME, toConsoleColor(rawUI.backgroundColor, 'BackgroundColor'))],
    [2, typed(COORDINATES_TYPE_NAME, toCoordinates(rawUI.cursorPosition, 'CursorPosition'))],
    [3, typed(COORDINATES_TYPE_NAME, toCoordinates(rawUI.windowPosition, 'WindowPosition'))],
    [4, typed('System.Int32', toInt32(rawUI.cursorSize, 'CursorSize'))],
    [5, typed(SIZE_TYPE_NAME, toSize(rawUI.bufferSize, 'BufferSize'))],
    [6, typed(SIZE_TYPE_NAME, toSize(rawUI.windowSize, 'WindowSize'))],
    [7, typed(SIZE_TYPE_NAME, toSize(rawUI.maxWindowSize, 'MaxWindowSize'))],
    [8, typed(SIZE_TYPE_NAME, toSize(rawUI.maxPhysicalWindowSize, 'MaxPhysicalWindowSize'))],
    [9, typed('System.String', rawUI.windowTitle)],
  ]);
  return new PSObject({
    extended: { data: new PSObject({ typeNames: HASHTABLE_TYPE_NAMES, baseValue: data }) },
  });
}
