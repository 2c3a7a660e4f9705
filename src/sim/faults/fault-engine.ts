/**
 * Deciding faults: rules are checked in the order they were added; the first that matches and
 * fires applies (CONTRACT.md section 3). For each rule a call matches (inside its window):
 * `matched` counts it; the first `after` matches are skipped; `times` caps how often it fires;
 * whether it fires is drawn from the rule's own stream (`faults/<id>`), so a fixed seed gives a
 * fixed pattern and adding a rule disturbs no other draws. A `rate_limit` rule counts calls in
 * its window instead of drawing, and fires for the calls over its limit (its `probability` is not
 * used). Every firing is a `fault.applied` event.
 *
 * Rule state (counters, rate windows) is plain data on the world, so snapshots carry it.
 */
import type { JournalEvent, JsonObject } from '../journal/events.js'
import { streamChannelOf, streamSubjectOf } from '../journal/stream-channel.js'
import { fail, ok, type Result } from '../result.js'
import { sampleDistribution } from '../random/distribution.js'
import { parseIsoTime } from '../time/iso-time.js'
import type { World } from '../world.js'
import type { FaultRuleInput } from './fault-rule-input.js'
import type {
  FaultCall,
  FaultDecision,
  FaultOperation,
  FaultRuleSpec,
  FaultRuleView,
  FiredFault,
  StreamCall,
} from './fault-rule.js'
import { globMatches } from './glob.js'
import { effectAppliesTo, resolveFaultRule } from './resolve-fault-rule.js'

export interface FaultRuleState {
  readonly id: string
  readonly spec: FaultRuleSpec
  matched: number
  fired: number
  readonly windowFromMs: number | null
  readonly windowToMs: number | null
  /** `rate_limit`: the current window's start (wall or virtual ms) and the calls counted in it. */
  rate: { startMs: number | null; count: number }
}

/** A rule naming the first of these matches the others too (CONTRACT.md names the families). */
const FAMILIES: Partial<Record<FaultOperation, readonly FaultOperation[]>> = {
  getQuotes: ['getQuote'],
  getPositions: ['getPosition'],
  getOrder: ['getOrderByClientId'],
}

export function addFaultRule(world: World, input: FaultRuleInput): Result<FaultRuleView> {
  const spec = resolveFaultRule(input)
  if (!spec.ok) return spec
  return ok(toFaultRuleView(addResolvedRule(world, spec.value)))
}

export function addResolvedRule(world: World, spec: FaultRuleSpec): FaultRuleState {
  const rule: FaultRuleState = {
    id: world.ids.next('flt'),
    spec,
    matched: 0,
    fired: 0,
    windowFromMs: spec.window?.from ? parseIsoTime(spec.window.from)! : null,
    windowToMs: spec.window?.to ? parseIsoTime(spec.window.to)! : null,
    rate: { startMs: null, count: 0 },
  }
  world.faultRules.push(rule)
  return rule
}

export function findRule(world: World, id: string): FaultRuleState | undefined {
  return world.faultRules.find((rule) => rule.id === id)
}

/** Takes a rule out; the caller releases what it held (execution/stuck-orders.ts). */
export function removeRule(world: World, id: string): Result<FaultRuleView> {
  const index = world.faultRules.findIndex((rule) => rule.id === id)
  if (index < 0)
    return fail('not_found', `no fault rule ${id}: GET /mock/faults lists them`, { id })
  const [rule] = world.faultRules.splice(index, 1)
  return ok(toFaultRuleView(rule!))
}

export function toFaultRuleView(rule: FaultRuleState): FaultRuleView {
  return { id: rule.id, ...rule.spec, matched: rule.matched, fired: rule.fired }
}

/** The fault for one `/v1` call, and the rate limit it is under; `wallMs` times wall-clock windows. */
export function decideFault(world: World, call: FaultCall, wallMs: number): FaultDecision {
  const decision: FaultDecision = { fault: null, rateLimit: null }
  for (const rule of world.faultRules) {
    if (!matches(world, rule, call.operation, call)) continue
    if (!counts(rule)) continue
    const { effect } = rule.spec
    if (effect.kind === 'rate_limit') {
      const nowMs = effect.clock === 'wall' ? wallMs : world.nowMs
      if (rule.rate.startMs === null || nowMs >= rule.rate.startMs + effect.windowMs)
        rule.rate = { startMs: nowMs, count: 0 }
      rule.rate.count++
      const resetMs = rule.rate.startMs! + effect.windowMs - nowMs
      const remaining = Math.max(0, effect.limit - rule.rate.count)
      decision.rateLimit ??= { ruleId: rule.id, limit: effect.limit, remaining, resetMs }
      if (rule.rate.count <= effect.limit || exhausted(rule)) continue
      decision.fault = fire(world, rule, call, { retryAfterMs: resetMs })
      return decision
    }
    if (exhausted(rule) || !draw(world, rule)) continue
    const delayMs =
      effect.kind === 'latency'
        ? sampleDistribution(world.streams.get(`faults/${rule.id}/latency`), effect.distribution)
        : null
    decision.fault = fire(world, rule, call, { delayMs })
    return decision
  }
  return decision
}

/**
 * Decides the stream fault of one journal event, if it streams on a channel: called by the world
 * as each event is appended, once per event whether or not any client listens, so the journal
 * (and its hash) never depends on who is connected. A firing is journaled as `fault.applied`
 * right after the event, carrying its `seq`; the gateway applies it to the event's delivery.
 */
export function decideStreamEvent(world: World, event: JournalEvent): FiredFault | null {
  const channel = streamChannelOf(event)
  if (channel === null) return null
  const subject = streamSubjectOf(event)
  return decideStreamFault(world, {
    accountId: event.accountId,
    channel,
    seq: event.seq,
    symbol: subject.symbol,
    side: subject.side === 'buy' || subject.side === 'sell' ? subject.side : null,
    clientOrderId: subject.clientOrderId,
  })
}

/** The fault for one stream event: the first stream rule that matches its channel and fires. */
export function decideStreamFault(world: World, call: StreamCall): FiredFault | null {
  for (const rule of world.faultRules) {
    if (!matches(world, rule, 'stream', call)) continue
    const { effect } = rule.spec
    if (
      'channel' in effect &&
      effect.channel !== null &&
      !channelMatches(effect.channel, call.channel)
    )
      continue
    if (!counts(rule) || exhausted(rule) || !draw(world, rule)) continue
    return fire(world, rule, call, {})
  }
  return null
}

/** `quotes` covers every `quotes:SYMBOL` channel. */
function channelMatches(ruleChannel: string, channel: string): boolean {
  return ruleChannel === channel || (ruleChannel === 'quotes' && channel.startsWith('quotes:'))
}

function matches(
  world: World,
  rule: FaultRuleState,
  operation: Exclude<FaultOperation, '*'>,
  call: FaultCall | StreamCall,
): boolean {
  const { match, effect } = rule.spec
  if (match.operation === null) {
    if (!effectAppliesTo(effect.kind, operation)) return false
  } else if (match.operation !== operation && !FAMILIES[match.operation]?.includes(operation)) {
    return false
  }
  if (match.accountId !== null && match.accountId !== call.accountId) return false
  if (match.symbol !== null && match.symbol !== call.symbol?.toUpperCase()) return false
  if (match.side !== null && match.side !== call.side) return false
  if (match.clientOrderId !== null) {
    if (call.clientOrderId === null || !globMatches(match.clientOrderId, call.clientOrderId))
      return false
  }
  const http = 'method' in call ? call : null
  if (match.method !== null && match.method !== http?.method.toUpperCase()) return false
  if (match.path !== null && (http === null || !globMatches(match.path, http.path))) return false
  if (rule.windowFromMs !== null && world.nowMs < rule.windowFromMs) return false
  if (rule.windowToMs !== null && world.nowMs >= rule.windowToMs) return false
  return true
}

/** Counts a match; false while the rule is still skipping its first `after` matches. */
function counts(rule: FaultRuleState): boolean {
  rule.matched++
  return rule.matched > rule.spec.after
}

function exhausted(rule: FaultRuleState): boolean {
  return rule.spec.times !== null && rule.fired >= rule.spec.times
}

function draw(world: World, rule: FaultRuleState): boolean {
  const { probability } = rule.spec
  if (probability >= 1) return true
  return world.streams.get(`faults/${rule.id}`).chance(probability)
}

function fire(
  world: World,
  rule: FaultRuleState,
  call: FaultCall | StreamCall,
  extra: { delayMs?: number | null; retryAfterMs?: number | null },
): FiredFault {
  rule.fired++
  const fired: FiredFault = {
    ruleId: rule.id,
    effect: rule.spec.effect,
    delayMs: extra.delayMs ?? null,
    retryAfterMs: extra.retryAfterMs ?? null,
  }
  const data: JsonObject = {
    ruleId: rule.id,
    effect: rule.spec.effect as unknown as JsonObject,
  }
  if ('method' in call) {
    data.operation = call.operation
    data.request = { method: call.method, path: call.path, requestId: call.requestId }
  } else {
    data.operation = 'stream'
    data.channel = call.channel
    data.seq = call.seq
  }
  data.symbol = call.symbol
  data.clientOrderId = call.clientOrderId
  if (fired.delayMs !== null) data.delayMs = fired.delayMs
  if (fired.retryAfterMs !== null) data.retryAfterMs = fired.retryAfterMs
  world.emit('fault.applied', call.accountId, data)
  return fired
}
