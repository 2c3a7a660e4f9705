/**
 * A fault rule as a client sends it (`POST /mock/inject { type: "fault", rule }`, `faults` in
 * configure and scenarios): everything but `effect.kind` optional. The wire schema
 * (api/schemas/fault.ts) declares the same shape; a type test keeps the two in step.
 */
import type { Side } from '../orders/order-vocabulary.js'
import type { Distribution } from '../random/distribution.js'
import type { FaultOperation } from './fault-rule.js'

type Opt<T> = T | undefined

export type FaultEffectInput =
  | {
      kind: 'error'
      status: number
      code?: Opt<string>
      message?: Opt<string>
      retryAfter?: Opt<number>
    }
  | { kind: 'latency'; ms: number; distribution?: undefined }
  | { kind: 'latency'; distribution: Distribution; ms?: undefined }
  | { kind: 'timeout'; afterEffect?: Opt<boolean> }
  | { kind: 'reset' }
  | { kind: 'malformed' }
  | { kind: 'rate_limit'; limit: number; windowMs: number; clock?: Opt<'wall' | 'virtual'> }
  | { kind: 'reject'; reason?: Opt<string> }
  | { kind: 'stuck' }
  | { kind: 'disconnect' }
  | { kind: 'drop' | 'duplicate' | 'reorder'; channel?: Opt<string> }
  | { kind: 'delay'; ms: number; channel?: Opt<string> }

export interface FaultRuleInput {
  match?: Opt<{
    operation?: Opt<FaultOperation>
    accountId?: Opt<string>
    symbol?: Opt<string>
    side?: Opt<Side>
    clientOrderId?: Opt<string>
    method?: Opt<string>
    path?: Opt<string>
  }>
  probability?: Opt<number>
  times?: Opt<number>
  after?: Opt<number>
  window?: Opt<{ from?: Opt<string>; to?: Opt<string> }>
  effect: FaultEffectInput
}
