/**
 * @module ref-stamps
 * The RefId a writer gave an array, Map or plain object, kept on the object itself in a private field, as PSObject
 * keeps its own (PSObject.claimRefId). No other code can see the field: it is no property or symbol, and a proxy's
 * traps are not called for it. A WeakMap per writer cost about 240 ns per object once it held a few thousand (its
 * table is reallocated as it grows): a quarter of serializing 10,000 plain objects. The field costs about 40 ns the
 * first time and 6 ns after (measured on Node 20).
 */

/** An object that cannot take the field (not extensible: an engine may refuse private fields there). */
export const NOT_STAMPABLE = -2;
/** claim() found no RefId of this writer on the object, and stamped the one given. */
export const NEWLY_STAMPED = -1;

/**
 * Returns the object it is given from its constructor, so that a subclass adds its private fields to that object
 * (type-name-lists keeps a list on its array of names this way too).
 */
export class FieldHost {
  constructor(target: object) {
    return target;
  }
}

class RefStamp extends FieldHost {
  #writer = 0;
  #refId = 0;

  /**
   * The RefId writer `writer` gave `target` earlier; else NEWLY_STAMPED after giving it `refId` (a RefId from another
   * writer counts as none), or NOT_STAMPABLE.
   */
  static claim(target: object, writer: number, refId: number): number {
    if (#writer in target) {
      if (target.#writer === writer) return target.#refId;
      target.#writer = writer;
      target.#refId = refId;
      return NEWLY_STAMPED;
    }
    if (!Object.isExtensible(target)) return NOT_STAMPABLE;
    const stamped = new RefStamp(target);
    stamped.#writer = writer;
    stamped.#refId = refId;
    return NEWLY_STAMPED;
  }
}

/** See RefStamp.claim. */
export function claimRefId(target: object, writer: number, refId: number): number {
  return RefStamp.claim(target, writer, refId);
}
