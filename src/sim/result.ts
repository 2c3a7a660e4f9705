/**
 * Expected refusals are values, not exceptions (STYLE.md E1): a closed set of stable codes, the
 * same strings as the contract's error codes, with a message that says what failed and how to
 * fix it, and structured details. Programmer errors throw InvariantError instead.
 */
import type { JsonObject } from './journal/events.js'

export const SIM_ERROR_CODES = [
  'invalid_request',
  'not_found',
  'unknown_symbol',
  'invalid_order',
  'insufficient_buying_power',
  'insufficient_position',
  'risk_limit_exceeded',
  'market_halted',
  'order_not_cancelable',
  'order_not_replaceable',
  'duplicate_client_order_id',
] as const

export type SimErrorCode = (typeof SIM_ERROR_CODES)[number]

export interface SimError {
  readonly code: SimErrorCode
  readonly message: string
  readonly details: JsonObject
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: SimError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

export const fail = <T = never>(
  code: SimErrorCode,
  message: string,
  details: JsonObject = {},
): Result<T> => ({
  ok: false,
  error: { code, message, details },
})
