/**
 * Valid transitions of a typed state enum, checked at each change: a call in the wrong state names the action, the
 * state and the states that allow it; a state report from the server that cannot follow the current one is a
 * protocol error.
 */
import { PsrpInvalidStateError, PsrpProtocolError } from '../errors.js';

export class StateTransitions<State extends number> {
  constructor(
    private readonly table: Readonly<Record<State, readonly State[]>>,
    private readonly name: (state: State) => string,
  ) {}

  canMove(from: State, to: State): boolean {
    return from === to || this.table[from].includes(to);
  }

  /** The server reported `to`: refuse a report that cannot follow `from`. */
  checkReported(what: string, from: State, to: State): void {
    if (!this.canMove(from, to)) {
      throw new PsrpProtocolError(`The server reported ${what} ${this.name(to)} after ${this.name(from)}, which cannot follow it`);
    }
  }

  /** The user asked for `action`, which needs one of `allowed`. */
  expect(action: string, current: State, allowed: readonly State[]): void {
    if (!allowed.includes(current)) throw new PsrpInvalidStateError(action, this.name(current), allowed.map(this.name));
  }
}
