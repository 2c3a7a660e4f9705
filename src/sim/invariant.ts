/**
 * Assertions for programmer errors.
 *
 * An `InvariantError` means the core was called in a way its contract forbids (a negative due
 * time, a division by zero, an unknown enum value). It is never an expected outcome: expected
 * refusals are values (`OrderRejected`), so nothing in `sim/` catches an `InvariantError`.
 */

/** A broken contract inside the core. Crashing loudly beats a silently wrong journal. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError'
}

/**
 * Throws `InvariantError(message)` unless `condition` is truthy, and narrows it for the compiler.
 *
 * @example invariant(Number.isSafeInteger(atMs), `atMs must be a safe integer, was ${atMs}`)
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message)
}
