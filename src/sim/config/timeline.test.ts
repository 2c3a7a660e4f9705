/**
 * Scenario timelines in the core: offsets and ISO times resolve against the configured start,
 * bad entries are configuration errors, and the world schedules the events at creation so they
 * fire at their times, with the same ids, in every world built from the same config.
 */
import { describe, expect, it } from 'vitest'
import {
  advance,
  allEvents,
  flatConfig,
  quoteOf,
  SYMBOL,
  START,
  unwrap,
} from '../../../test/support/sim-world.js'
import {
  configureConfig,
  configureSimulation,
  type ConfigInput,
  type TimelineEntry,
} from '../index.js'
import { timelineAtMs } from './timeline.js'

const startMs = Date.parse(START)

const withTimeline = (timeline: TimelineEntry[]): ConfigInput => ({ ...flatConfig(), timeline })

describe('timelineAtMs', () => {
  it('reads offsets in ms, s, m and h, and absolute ISO times', () => {
    expect(timelineAtMs('+250ms', startMs)).toBe(startMs + 250)
    expect(timelineAtMs('+90s', startMs)).toBe(startMs + 90_000)
    expect(timelineAtMs('+5m', startMs)).toBe(startMs + 300_000)
    expect(timelineAtMs('+2h', startMs)).toBe(startMs + 7_200_000)
    expect(timelineAtMs('2026-01-05T15:00:00.000Z', startMs)).toBe(
      Date.parse('2026-01-05T15:00:00Z'),
    )
  })

  it('answers undefined for anything else', () => {
    for (const bad of ['5m', '+5', '-5m', '+1.5m', '+5d', 'soon', '2026-01-05'])
      expect(timelineAtMs(bad, startMs), bad).toBeUndefined()
  })
})

describe('a configured timeline', () => {
  it('resolves to absolute times and upper-case symbols in the config', () => {
    const config = unwrap(
      configureConfig(withTimeline([{ at: '+5m', event: { kind: 'halt', symbol: 'test' } }])),
    )
    expect(config.timeline).toEqual([
      { at: '2026-01-05T14:35:00.000Z', event: { kind: 'halt', symbol: 'TEST' } },
    ])
  })

  it('is empty without one, and an explicit timeline replaces the scenario one', () => {
    expect(unwrap(configureConfig(flatConfig())).timeline).toEqual([])
    const scenario = {
      name: 's',
      body: withTimeline([{ at: '+1m', event: { kind: 'halt', symbol: SYMBOL } }]),
    }
    expect(unwrap(configureConfig({ ...flatConfig(), scenario })).timeline).toHaveLength(1)
    expect(unwrap(configureConfig({ ...flatConfig(), timeline: [], scenario })).timeline).toEqual(
      [],
    )
  })

  it('refuses entries before the start, for unknown symbols or with bad parameters', () => {
    const refusals: [TimelineEntry, string][] = [
      [
        { at: '2026-01-05T14:29:59.999Z', event: { kind: 'halt', symbol: SYMBOL } },
        'timeline[0].at',
      ],
      [{ at: 'later', event: { kind: 'halt', symbol: SYMBOL } }, 'timeline[0].at'],
      [{ at: '+1m', event: { kind: 'halt', symbol: 'NOPE' } }, 'timeline[0].event.symbol'],
      [{ at: '+1m', event: { kind: 'spread', symbol: SYMBOL, bps: -1 } }, 'timeline[0].event'],
    ]
    for (const [entry, path] of refusals) {
      const result = configureConfig(withTimeline([entry]))
      expect(result.ok, JSON.stringify(entry)).toBe(false)
      if (!result.ok)
        expect(result.error).toMatchObject({ code: 'invalid_request', details: { path } })
    }
  })

  it('fires each event at its time, in the order listed at equal times', () => {
    const sim = unwrap(
      configureSimulation(
        withTimeline([
          { at: '+2s', event: { kind: 'resume', symbol: SYMBOL } },
          { at: '+1s', event: { kind: 'halt', symbol: SYMBOL } },
          { at: '+2s', event: { kind: 'price_jump', symbol: SYMBOL, price: '120' } },
        ]),
        1,
      ),
    )
    advance(sim, 5_000)
    const fired = allEvents(sim)
      .filter((e) => e.type.startsWith('market.'))
      .map((e) => [e.type, e.timeMs - startMs, e.data.id])
    expect(fired).toEqual([
      ['market.halt', 1_000, 'mev-000002'],
      ['market.resume', 2_000, 'mev-000001'],
      ['market.price_jump', 2_000, 'mev-000003'],
    ])
    expect(quoteOf(sim).last).toBe('120')
  })

  it('applies entries at the start as the world is created', () => {
    const sim = unwrap(
      configureSimulation(
        withTimeline([{ at: '+0ms', event: { kind: 'gap', symbol: SYMBOL, pct: 10 } }]),
        1,
      ),
    )
    expect(allEvents(sim).map((e) => e.type)).toEqual(['market.gap', 'quote.updated'])
    expect(quoteOf(sim).last).toBe('110')
  })

  it('replays identically in every world built from the same config', () => {
    const config = withTimeline([
      {
        at: '+10s',
        event: {
          kind: 'flash_crash',
          symbol: SYMBOL,
          dropPct: 20,
          durationMs: 5_000,
          recoverPct: 50,
          recoverMs: 5_000,
        },
      },
      { at: '+12s', event: { kind: 'stale_quotes', symbol: SYMBOL, durationMs: 2_000 } },
    ])
    const run = () => {
      const sim = unwrap(configureSimulation({ ...config, marketConfig: { volatility: 10 } }, 1))
      advance(sim, 60_000)
      return [allEvents(sim), sim.journalPosition()]
    }
    expect(run()).toEqual(run())
  })
})
