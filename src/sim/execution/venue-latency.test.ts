/**
 * Venue latency per action (`executionConfig.latency`): each action waits its own distribution's
 * sample, drawn from its own stream `latency/<action>`, and an action without one keeps the
 * uniform [latencyMin, latencyMax] draw it always had, number for number, so worlds that never
 * set `latency` keep their journal hashes.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  advance,
  flatConfig,
  flatWorld,
  orderNow,
  refusal,
  submit,
  unwrap,
  type FlatWorldOptions,
} from '../../../test/support/sim-world.js'
import { configureConfig, configureSimulation } from '../configure.js'
import type { ConfigBody } from '../config/config-input.js'
import type { Distribution } from '../random/distribution.js'
import { sampleDistribution } from '../random/distribution.js'
import { Rng } from '../random/rng.js'
import type { Simulation } from '../simulation.js'

const SEED = 7
type Execution = NonNullable<ConfigBody['executionConfig']>

/** Quotes only every hour: the long advances below cost a few ticks, not thousands. */
const world = (execution: Execution, options: FlatWorldOptions = {}) =>
  flatWorld({ seed: SEED, execution, market: { updateFrequency: 3_600_000 }, ...options })

/** ms from `fromMs` to an ISO time the order view carries. */
const msAfter = (iso: string | null, fromMs: number) => Date.parse(iso as string) - fromMs

/** Submits `count` resting buy limits now and answers how long each took to be acknowledged. */
function ackLatencies(sim: Simulation, count: number): number[] {
  const startMs = sim.nowMs
  const ids = Array.from(
    { length: count },
    () => submit(sim, { type: 'limit', limitPrice: '90' }).id,
  )
  advance(sim, 3_600_000)
  return ids.map((id) => msAfter(orderNow(sim, id).acceptedAt, startMs))
}

/** Cancels each resting order in turn and answers how long each cancel took to land. */
function cancelLatencies(sim: Simulation, ids: readonly string[]): number[] {
  return ids.map((id) => {
    const sentMs = sim.nowMs
    unwrap(sim.cancelOrder(ACCOUNT, id))
    advance(sim, 3_600_000)
    return msAfter(orderNow(sim, id).canceledAt, sentMs)
  })
}

/** What a fresh stream `latency/<action>` of the seed would give for `dist`, `count` times. */
function expectedDraws(action: string, dist: Distribution, count: number): number[] {
  const rng = new Rng(`${SEED}/latency/${action}`)
  return Array.from({ length: count }, () => sampleDistribution(rng, dist))
}

describe('venue latency per action', () => {
  it('acknowledges, cancels and replaces after exactly their own fixed latencies', () => {
    const sim = world({
      latencyMin: 1,
      latencyMax: 500,
      latency: {
        submit: { type: 'fixed', ms: 30 },
        cancel: { type: 'fixed', ms: 70 },
        replace: { type: 'fixed', ms: 120 },
      },
    })
    const startMs = sim.nowMs
    const first = submit(sim, { type: 'limit', limitPrice: '90' })
    const second = submit(sim, { type: 'limit', limitPrice: '91' })
    advance(sim, 29)
    expect(orderNow(sim, first.id).status).toBe('pending_new')
    advance(sim, 1)
    expect(orderNow(sim, first.id)).toMatchObject({ status: 'new' })
    expect(msAfter(orderNow(sim, first.id).acceptedAt, startMs)).toBe(30)

    const cancelSentMs = sim.nowMs
    unwrap(sim.cancelOrder(ACCOUNT, first.id))
    advance(sim, 69)
    expect(orderNow(sim, first.id).status).toBe('pending_cancel')
    advance(sim, 1)
    expect(msAfter(orderNow(sim, first.id).canceledAt, cancelSentMs)).toBe(70)

    const replaceSentMs = sim.nowMs
    const replacement = unwrap(sim.replaceOrder(ACCOUNT, second.id, { limitPrice: '92' }))
    advance(sim, 119)
    expect(orderNow(sim, replacement.id).status).toBe('pending_new')
    advance(sim, 1)
    expect(orderNow(sim, replacement.id).status).toBe('new')
    expect(msAfter(orderNow(sim, replacement.id).acceptedAt, replaceSentMs)).toBe(120)
  })

  it('draws each action from its own stream with its own distribution', () => {
    const submitDist: Distribution = { type: 'lognormal', median: 40, sigma: 0.8 }
    const cancelDist: Distribution = { type: 'normal', mean: 200, stdDev: 50 }
    const sim = world({ latency: { submit: submitDist, cancel: cancelDist } })
    const acks = ackLatencies(sim, 40)
    expect(acks).toEqual(expectedDraws('submit', submitDist, 40))
    const ids = sim.allOrders().map((o) => o.id)
    expect(cancelLatencies(sim, ids.slice(0, 20))).toEqual(expectedDraws('cancel', cancelDist, 20))
  })

  it('keeps cancel latencies unchanged however many submits draw in between', () => {
    const run = (extraSubmits: number) => {
      const sim = world({
        latency: {
          submit: { type: 'uniform', min: 1, max: 100 },
          cancel: { type: 'lognormal', median: 30, sigma: 1 },
        },
      })
      ackLatencies(sim, 5)
      const ids = sim.allOrders().map((o) => o.id)
      ackLatencies(sim, extraSubmits)
      return cancelLatencies(sim, ids)
    }
    const quiet = run(0)
    expect(run(25)).toEqual(quiet)
    expect(new Set(quiet).size).toBeGreaterThan(1)
  })

  it('without a distribution, draws uniform [latencyMin, latencyMax] as nextInt on latency/<action>', () => {
    const sim = world({ latencyMin: 3, latencyMax: 70 })
    const startMs = sim.nowMs
    const ids = Array.from(
      { length: 30 },
      () => submit(sim, { type: 'limit', limitPrice: '90' }).id,
    )
    advance(sim, 70)
    const acks = ids.map((id) => msAfter(orderNow(sim, id).acceptedAt, startMs))
    const rng = new Rng(`${SEED}/latency/submit`)
    expect(acks).toEqual(Array.from({ length: 30 }, () => rng.nextInt(3, 70)))
    expect(cancelLatencies(sim, ids.slice(0, 10))).toEqual(
      (() => {
        const cancels = new Rng(`${SEED}/latency/cancel`)
        return Array.from({ length: 10 }, () => cancels.nextInt(3, 70))
      })(),
    )
  })

  it('writes the fallback out in the resolved config, and it gives the same journal hash', () => {
    const implicit = world({ latencyMin: 3, latencyMax: 70 })
    const uniform: Distribution = { type: 'uniform', min: 3, max: 70 }
    expect(implicit.config.executionConfig.latency).toEqual({
      submit: uniform,
      cancel: uniform,
      replace: uniform,
    })
    const explicit = world({
      latencyMin: 0,
      latencyMax: 0,
      latency: { submit: uniform, cancel: uniform, replace: uniform },
    })
    for (const sim of [implicit, explicit]) {
      ackLatencies(sim, 10)
      const ids = sim.allOrders().map((o) => o.id)
      unwrap(sim.replaceOrder(ACCOUNT, ids[0] as string, { limitPrice: '89' }))
      advance(sim, 100)
      cancelLatencies(sim, ids.slice(2, 6))
    }
    expect(explicit.journalPosition().hash).toBe(implicit.journalPosition().hash)
    expect(implicit.journalPosition().seq).toBeGreaterThan(20)
  })

  it('changes the hash when a distribution differs from the fallback', () => {
    const run = (execution: Execution) => {
      const sim = world(execution)
      ackLatencies(sim, 10)
      return sim.journalPosition().hash
    }
    const base = { latencyMin: 3, latencyMax: 70 }
    expect(
      run({ ...base, latency: { submit: { type: 'normal', mean: 36, stdDev: 19 } } }),
    ).not.toBe(run(base))
  })

  it('merges per action: explicit over the scenario, the scenario over the fallback', () => {
    const scenario: ConfigBody = {
      executionConfig: {
        latencyMin: 5,
        latencyMax: 9,
        latency: { submit: { type: 'fixed', ms: 11 }, cancel: { type: 'fixed', ms: 12 } },
      },
    }
    const config = unwrap(
      configureConfig({
        executionConfig: {
          latencyMax: 20,
          latency: { cancel: { type: 'normal', mean: 50, stdDev: 5 } },
        },
        scenario: { name: 'latency', body: scenario },
      }),
    )
    expect(config.executionConfig.latency).toEqual({
      submit: { type: 'fixed', ms: 11 },
      cancel: { type: 'normal', mean: 50, stdDev: 5 },
      replace: { type: 'uniform', min: 5, max: 20 },
    })
  })

  it('refuses a distribution that cannot be sampled, naming its path', () => {
    const cases: [Distribution, string][] = [
      [{ type: 'uniform', min: 50, max: 10 }, 'executionConfig.latency.submit.min'],
      [{ type: 'fixed', ms: -5 }, 'executionConfig.latency.submit.ms'],
      [{ type: 'normal', mean: -1, stdDev: 3 }, 'executionConfig.latency.submit.mean'],
      [{ type: 'normal', mean: 10, stdDev: -3 }, 'executionConfig.latency.submit.stdDev'],
      [{ type: 'lognormal', median: 10, sigma: -0.5 }, 'executionConfig.latency.submit.sigma'],
      [{ type: 'lognormal', median: -10, sigma: 0.5 }, 'executionConfig.latency.submit.median'],
    ]
    for (const [dist, path] of cases) {
      const result = configureSimulation(
        flatConfig({ execution: { latency: { submit: dist } } }),
        1,
      )
      const error = refusal(result)
      expect(error.code, path).toBe('invalid_request')
      expect(error.details.path).toBe(path)
    }
    const cancel = refusal(
      configureConfig({
        executionConfig: { latency: { cancel: { type: 'uniform', min: 2, max: 1 } } },
      }),
    )
    expect(cancel.details.path).toBe('executionConfig.latency.cancel.min')
    expect(cancel.message).toMatch(/min \(2\) must not exceed max \(1\)/)
  })
})
