/**
 * Fault rules (CONTRACT.md section 3, "Fault rules"): what a rule matches, when it fires, and the
 * effect it has. Plain data throughout, named as on the wire, so `/mock/faults` echoes a rule
 * unchanged and a snapshot stores it.
 *
 * A rule is decided here, in the core (seeded, counted, journaled), and applied where the effect
 * belongs: HTTP effects by the shell's fault middleware, order effects by execution, stream
 * effects by the socket.io gateway.
 */
import type { Side } from '../orders/order-vocabulary.js'
import type { Distribution } from '../random/distribution.js'

/** The broker operations a rule can name: the `/v1` operation ids, `stream`, or `*`. */
export const FAULT_OPERATIONS = [
  'ping',
  'getClock',
  'listSymbols',
  'getQuotes',
  'getQuote',
  'listAccounts',
  'getAccount',
  'submitOrder',
  'listOrders',
  'getOrder',
  'getOrderByClientId',
  'replaceOrder',
  'cancelOrder',
  'cancelAllOrders',
  'getPositions',
  'getPosition',
  'closePosition',
  'listFills',
  'stream',
  '*',
] as const
export type FaultOperation = (typeof FAULT_OPERATIONS)[number]

export const STREAM_FAULT_KINDS = ['disconnect', 'drop', 'duplicate', 'delay', 'reorder'] as const
export const ORDER_FAULT_KINDS = ['reject', 'stuck'] as const
export const HTTP_FAULT_KINDS = [
  'error',
  'latency',
  'timeout',
  'reset',
  'malformed',
  'rate_limit',
] as const
export const FAULT_KINDS = [
  ...HTTP_FAULT_KINDS,
  ...ORDER_FAULT_KINDS,
  ...STREAM_FAULT_KINDS,
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** Every field optional on the wire; null here means "matches anything". Globs use `*` and `?`. */
export interface FaultMatch {
  operation: FaultOperation | null
  accountId: string | null
  symbol: string | null
  side: Side | null
  /** A glob, e.g. `force-reject-*`. */
  clientOrderId: string | null
  /** An HTTP method, any case. */
  method: string | null
  /** A glob over the request path, e.g. `/v1/accounts/*\/orders`. */
  path: string | null
}

export type FaultEffect =
  | {
      kind: 'error'
      status: number
      /** The error body's code; null: `injected_fault`. */
      code: string | null
      message: string | null
      /** Seconds, for `Retry-After`; null: no header. */
      retryAfter: number | null
    }
  /** Wall-clock delay of the answer; `{ ms }` on the wire is a fixed distribution. */
  | { kind: 'latency'; distribution: Distribution }
  | { kind: 'timeout'; afterEffect: boolean }
  | { kind: 'reset' }
  | { kind: 'malformed' }
  | {
      kind: 'rate_limit'
      limit: number
      windowMs: number
      /** `wall` (default): the window is wall-clock time; `virtual`: the simulation's clock. */
      clock: 'wall' | 'virtual'
    }
  | { kind: 'reject'; reason: string }
  | { kind: 'stuck' }
  | { kind: 'disconnect' }
  /** `channel`: a stream channel (`fills`, `quotes:AAPL`, ...); null: every channel. */
  | { kind: 'drop' | 'duplicate' | 'reorder'; channel: string | null }
  | { kind: 'delay'; ms: number; channel: string | null }

/** A rule as configured, defaults applied (`probability` 1, `after` 0, no cap, no window). */
export interface FaultRuleSpec {
  match: FaultMatch
  probability: number
  /** How often it may fire; null: without end. */
  times: number | null
  /** Matching calls skipped before it may fire. */
  after: number
  /** Virtual time, ISO; either end may be open. */
  window: { from: string | null; to: string | null } | null
  effect: FaultEffect
}

/** A rule as `/mock/faults` lists it. */
export interface FaultRuleView extends FaultRuleSpec {
  id: string
  /** Calls that matched it (inside its window), fired or not. */
  matched: number
  fired: number
}

/** One call the shell asks about: an HTTP request to a `/v1` operation. */
export interface FaultCall {
  operation: Exclude<FaultOperation, 'stream' | '*'>
  method: string
  path: string
  /** The client's `X-Request-Id`, when it sent one (a generated id is not part of the call). */
  requestId: string | null
  accountId: string | null
  symbol: string | null
  side: Side | null
  clientOrderId: string | null
}

/** One journal event that streams on a channel. */
export interface StreamCall {
  accountId: string | null
  channel: string
  seq: number
  symbol: string | null
  side: Side | null
  clientOrderId: string | null
}

/** A rule that fired for a call: which, and its effect. */
export interface FiredFault {
  ruleId: string
  effect: FaultEffect
  /** `latency`: the wall-clock delay drawn for this call, in ms. */
  delayMs: number | null
  /** `rate_limit`: ms until the window resets (the answer's `Retry-After`). */
  retryAfterMs: number | null
}

/** What the shell needs to answer a call: the fault that fired, and any rate limit it is under. */
export interface FaultDecision {
  fault: FiredFault | null
  /** The first matching rate-limit rule's state, for the `X-RateLimit-*` headers. */
  rateLimit: { ruleId: string; limit: number; remaining: number; resetMs: number } | null
}
