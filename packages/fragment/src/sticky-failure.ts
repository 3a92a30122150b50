/**
 * @module A stream that stays broken: after the first error every later call throws it again, as
 * a reassembly cannot resume once a fragment was lost or rejected.
 */
export class StickyFailure {
  #failure: { readonly error: unknown } | undefined;

  /** Throws the error of an earlier call, if one failed. */
  assertUnbroken(): void {
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** Remembers `error` as what breaks the stream, and returns it to be thrown. */
  broken(error: unknown): unknown {
    this.#failure = { error };
    return error;
  }

  /** Runs `operation` unless an earlier one failed; remembers its error. */
  run(operation: () => void): void {
    this.assertUnbroken();
    try {
      operation();
    } catch (error) {
      throw this.broken(error);
    }
  }
}
