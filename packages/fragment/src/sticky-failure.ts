/**
 * @module A stream that stays broken: after the first error every later call throws it again, as
 * a reassembly cannot resume once a fragment was lost or rejected.
 */
export class StickyFailure {
  #failure: { readonly error: unknown } | undefined;

  /** Runs `operation` unless an earlier one failed; remembers its error. */
  run(operation: () => void): void {
    if (this.#failure !== undefined) throw this.#failure.error;
    try {
      operation();
    } catch (error) {
      this.#failure = { error };
      throw error;
    }
  }
}
