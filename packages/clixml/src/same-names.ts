/**
 * @module same-names
 * Whether a remembered list of names is the one met now: the type-name caches and the record shapes look lists up by
 * one name or a key, then compare them whole.
 */

/** True when `known` holds exactly the first `count` of `names` (all of them by default), in order. */
export function sameNames(known: readonly string[], names: readonly string[], count: number = names.length): boolean {
  if (known.length !== count) return false;
  for (let index = 0; index < count; index++) {
    if (known[index] !== names[index]) return false;
  }
  return true;
}
