/**
 * @module ref-table
 * RefId -> object (or type-name list) for `<Ref>` and `<TNRef>`. A streaming reader also notes when each entry was
 * last used and drops the least recently used in batches (once twice as many as it must keep are held: one sort
 * per batch, so a few operations per value however long the stream), which keeps its memory bounded.
 */
export class RefTable<T> {
  /**
   * Made at the first definition: a small message body often defines no type names at all, and making a Map
   * costs as much as reading a short element.
   */
  #values: Map<string, T> | null = null;
  /** The clock reading of each entry's last definition or use; null when nothing is ever dropped. */
  readonly #lastUse: Map<string, number> | null;
  #clock = 0;

  constructor(dropsUnused: boolean) {
    this.#lastUse = dropsUnused ? new Map() : null;
  }

  get size(): number {
    return this.#values?.size ?? 0;
  }

  /** A RefId defined (again: the newer definition wins, as in PowerShell's reader). */
  define(refId: string, value: T): void {
    (this.#values ??= new Map()).set(refId, value);
    this.#lastUse?.set(refId, ++this.#clock);
  }

  /** The entry for a RefId, which becomes the most recently used. */
  use(refId: string): T | undefined {
    const value = this.#values?.get(refId);
    if (value !== undefined) this.#lastUse?.set(refId, ++this.#clock);
    return value;
  }

  clear(): void {
    this.#values?.clear();
    this.#lastUse?.clear();
  }

  /** Keeps at least the `keep` most recently used entries, and never more than twice as many. */
  trim(keep: number): void {
    const lastUse = this.#lastUse;
    const values = this.#values;
    if (lastUse === null || values === null || values.size <= keep * 2) return;
    const uses = [...lastUse.values()].sort((left, right) => left - right);
    const oldestKept = uses[uses.length - keep] as number;
    for (const [refId, use] of lastUse) {
      if (use < oldestKept) {
        lastUse.delete(refId);
        values.delete(refId);
      }
    }
  }
}
