/**
 * How long a fault may take to become a typed error before a test calls it a hang. It bounds hangs, not speed: the
 * suites run side by side on a 2-core machine, where a 1 s figure measured alone can take several seconds.
 */
export const SETTLE_BOUND_MS = 10_000;
