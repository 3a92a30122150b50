/**
 * MS-PSRP 2.2.3.1 Coordinates, 2.2.3.2 Size and Rectangle: the positions and extents of the host's raw UI (cursor,
 * window, buffer), read from host calls and written in answers and in HostInfo's defaults.
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import { fields, member, readHostInt32, readHostObject, toInt32 } from './host-encoding.js';

export interface Coordinates {
  readonly x: number;
  readonly y: number;
}

export function fromCoordinates(value: PsValue | undefined, what = 'Coordinates'): Coordinates {
  const object = readHostObject(value, what);
  return { x: readHostInt32(member(object, 'x', what), `${what}.x`), y: readHostInt32(member(object, 'y', what), `${what}.y`) };
}

export function toCoordinates(value: Coordinates, what = 'Coordinates'): PSObject {
  return fields({ x: toInt32(value.x, `${what}.x`), y: toInt32(value.y, `${what}.y`) });
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export function fromSize(value: PsValue | undefined, what = 'Size'): Size {
  const object = readHostObject(value, what);
  return {
    width: readHostInt32(member(object, 'width', what), `${what}.width`),
    height: readHostInt32(member(object, 'height', what), `${what}.height`),
  };
}

export function toSize(value: Size, what = 'Size'): PSObject {
  return fields({ width: toInt32(value.width, `${what}.width`), height: toInt32(value.height, `${what}.height`) });
}

/** A region of the screen buffer; right and bottom are inclusive, as in .NET. */
export interface Rectangle {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

const RECTANGLE_FIELDS = ['left', 'top', 'right', 'bottom'] as const;

export function fromRectangle(value: PsValue | undefined, what = 'Rectangle'): Rectangle {
  const object = readHostObject(value, what);
  const [left, top, right, bottom] = RECTANGLE_FIELDS.map((name) => readHostInt32(member(object, name, what), `${what}.${name}`));
  return { left: left!, top: top!, right: right!, bottom: bottom! };
}

export function toRectangle(value: Rectangle, what = 'Rectangle'): PSObject {
  return fields({
    left: toInt32(value.left, `${what}.left`),
    top: toInt32(value.top, `${what}.top`),
    right: toInt32(value.right, `${what}.right`),
    bottom: toInt32(value.bottom, `${what}.bottom`),
  });
}
