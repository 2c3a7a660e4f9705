/**
 * `diffStates` over real `GET /mock/state` views: worlds built through the production configure
 * path, their views made by the route's own `worldState` and sent through JSON and the `State`
 * schema, as the route answers them. Every diff is also checked against the `StateDiff` schema
 * (no key more, none missing).
 */
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  advance,
  flatWorld,
  jump,
  submit,
  unwrap,
  type FlatWorldOptions,
} from '../../test/support/sim-world.js'
import {
  STATE_DIFF_EXAMPLE,
  State,
  StateDiff,
  type AccountChange,
  type Order,
  type PositionChange,
} from '../api/index.js'
import { Decimal, TERMINAL_STATUSES, type FaultCall, type Simulation } from '../sim/index.js'
import { worldState } from './routes/control-routes.js'
import { compareKeys, diffStates } from './state-diff.js'

/** The view `GET /mock/state` answers. */
function stateOf(sim: Simulation): State {
  return State.parse(JSON.parse(JSON.stringify(worldState(sim))))
}

/** The diff, checked against its schema: parsing strips unknown keys, so equality means exact. */
function diff(from: State, to: State): StateDiff {
  const d = diffStates(from, to)
  expect(StateDiff.parse(JSON.parse(JSON.stringify(d)))).toEqual(d)
  return d
}

const EMPTY = { added: [], removed: [], changed: [] }
const TWO_SYMBOLS: FlatWorldOptions['symbols'] = [
  { symbol: 'TEST', price: '100.00' },
  { symbol: 'OTHER', price: '50.00' },
]
const TWO_ACCOUNTS: FlatWorldOptions['accounts'] = [
  { id: 'DEMO', cash: '100000' },
  { id: 'OTHER', cash: '50000' },
]

const submitCall = (overrides: Partial<FaultCall> = {}): FaultCall => ({
  operation: 'submitOrder',
  method: 'POST',
  path: '/v1/accounts/DEMO/orders',
  requestId: null,
  accountId: 'DEMO',
  symbol: 'TEST',
  side: 'buy',
  clientOrderId: null,
  ...overrides,
})

/** The sections of a diff, without the two sides. */
function sections(d: StateDiff) {
  const { from: _from, to: _to, ...rest } = d
  return rest
}

const NOTHING = {
  identical: true,
  clock: null,
  symbols: EMPTY,
  quotes: [],
  accounts: EMPTY,
  orders: EMPTY,
  faults: EMPTY,
  config: { changed: false, paths: [], morePaths: 0 },
}

describe('diffStates', () => {
  it('finds nothing between a state and itself, or two worlds built alike', () => {
    const sim = flatWorld({ symbols: TWO_SYMBOLS, accounts: TWO_ACCOUNTS })
    submit(sim, { type: 'limit', limitPrice: '99' })
    advance(sim, 5_000)
    const a = stateOf(sim)
    const d = diff(a, stateOf(sim))
    expect(sections(d)).toEqual(NOTHING)
    const side = { seq: a.journal.seq, epoch: 1, hash: a.journal.hash, time: a.clock.time }
    expect(d.from).toEqual(side)
    expect(d.to).toEqual(side)
    expect(sections(diff(stateOf(flatWorld()), stateOf(flatWorld())))).toEqual(NOTHING)
    // The route diffs the live view (`against=current`) without a trip through JSON.
    expect(sections(diff(a, worldState(sim)))).toEqual(NOTHING)
    expect(sections(diff(worldState(sim), a))).toEqual(NOTHING)
  })

  it('lists a submitted order as added, and the buying power it holds for its account only', () => {
    const sim = flatWorld({ symbols: TWO_SYMBOLS, accounts: TWO_ACCOUNTS })
    const a = stateOf(sim)
    const order = submit(sim, { type: 'limit', limitPrice: '99', clientOrderId: 'c-1' })
    const b = stateOf(sim)
    expect(sections(diff(a, b))).toEqual({
      ...NOTHING,
      identical: false,
      orders: { added: [b.orders.find((o) => o.id === order.id)], removed: [], changed: [] },
      accounts: {
        added: [],
        removed: [],
        changed: [
          {
            id: 'DEMO',
            buyingPower: { from: '100000', to: '99010', delta: '-990' },
            positions: [],
          },
        ],
      },
    })
  })

  it('shows a fill: the order’s fields, the position opened, and cash to the cent', () => {
    const sim = flatWorld({ execution: { commission: { perShare: '0.01', minimum: '1' } } })
    const order = submit(sim, { type: 'limit', limitPrice: '99' })
    const a = stateOf(sim)
    jump(sim, '98')
    const b = stateOf(sim)
    const d = diff(a, b)

    const filled = b.orders[0] as Order
    expect(filled.avgFillPrice).toBe('98.01')
    expect(d.orders).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          id: order.id,
          clientOrderId: null,
          accountId: 'DEMO',
          symbol: 'TEST',
          changes: {
            status: { from: 'new', to: 'filled' },
            filledQty: { from: '0', to: '10' },
            leavesQty: { from: '10', to: '0' },
            avgFillPrice: { from: null, to: '98.01' },
            filledAt: { from: null, to: b.clock.time },
          },
        },
      ],
    })

    const account = d.accounts.changed[0] as AccountChange
    expect(d.accounts.changed).toHaveLength(1)
    // 10 at 98.01 plus the 1.00 minimum commission, exactly.
    expect(account.cash).toEqual({ from: '100000', to: '99018.9', delta: '-981.1' })
    expect(account.commissionsPaid).toEqual({ from: '0', to: '1', delta: '1' })
    const paid = Decimal.parse('10').mul(Decimal.parse('98.01')).add(Decimal.parse('1'))
    expect(account.cash?.delta).toBe(paid.neg().toString())
    expect(account.positions).toEqual([
      {
        symbol: 'TEST',
        change: 'opened',
        qty: { from: '0', to: '10', delta: '10' },
        side: { from: 'flat', to: 'long' },
        avgEntryPrice: { from: '0', to: '98.01', delta: '98.01' },
        marketValue: { from: '0', to: '980', delta: '980' },
        costBasis: { from: '0', to: '980.1', delta: '980.1' },
        unrealizedPnl: { from: '0', to: '-0.1', delta: '-0.1' },
      },
    ])

    // Selling it all closes the position: the mirror image, and the realized P&L on the account.
    submit(sim, { side: 'sell' })
    const c = stateOf(sim)
    const closed = diff(b, c).accounts.changed[0] as AccountChange
    expect(closed.positions).toEqual([
      {
        symbol: 'TEST',
        change: 'closed',
        qty: { from: '10', to: '0', delta: '-10' },
        side: { from: 'long', to: 'flat' },
        avgEntryPrice: { from: '98.01', to: '0', delta: '-98.01' },
        marketValue: { from: '980', to: '0', delta: '-980' },
        costBasis: { from: '980.1', to: '0', delta: '-980.1' },
        unrealizedPnl: { from: '-0.1', to: '0', delta: '0.1' },
      },
    ])
    expect(closed.realizedPnl).toEqual({ from: '0', to: '-0.1', delta: '-0.1' })
    expect(diff(b, c).orders.added.map((o) => [o.side, o.status])).toEqual([['sell', 'filled']])
  })

  it('shows a price jump on that symbol only, with its percentage, and what it does to a position', () => {
    const sim = flatWorld({ symbols: TWO_SYMBOLS })
    submit(sim, { symbol: 'TEST', qty: '10' })
    const a = stateOf(sim)
    jump(sim, '105')
    const d = diff(a, stateOf(sim))

    expect(d.quotes.map((q) => q.symbol)).toEqual(['TEST'])
    expect(d.quotes[0]).toMatchObject({
      bid: { from: '100', to: '105', delta: '5', pct: '5' },
      ask: { from: '100.01', to: '105.01', delta: '5', pct: '4.9995' },
      last: { from: '100', to: '105', delta: '5', pct: '5' },
    })
    expect(d.clock).toBeNull()
    expect(d.orders).toEqual(EMPTY)
    // Bought 10 at 100.01; marked at 100, then at 105.
    const position = (d.accounts.changed[0] as AccountChange).positions[0] as PositionChange
    expect(position).toEqual({
      symbol: 'TEST',
      change: 'changed',
      marketValue: { from: '1000', to: '1050', delta: '50' },
      unrealizedPnl: { from: '-0.1', to: '49.9', delta: '50' },
      lastPrice: { from: '100', to: '105', delta: '5' },
    })
    expect(d.accounts.changed[0]).toMatchObject({
      equity: { delta: '50' },
      marketValue: { delta: '50' },
      unrealizedPnl: { delta: '50' },
    })
    expect((d.accounts.changed[0] as AccountChange).cash).toBeUndefined()
  })

  it('gives the clock move in milliseconds, and the session opening and closing', () => {
    const sim = flatWorld({
      session: { open: '09:30', close: '16:00', timezone: 'America/New_York' },
    })
    const a = stateOf(sim)
    advance(sim, 60_000)
    const b = stateOf(sim)
    expect(diff(a, b).clock).toEqual({
      time: { from: '2026-01-05T14:30:00.000Z', to: '2026-01-05T14:31:00.000Z', deltaMs: 60_000 },
    })
    // Quotes tick as time passes (touch sizes, quote time), but in a flat market no price moves.
    for (const quote of diff(a, b).quotes) expect(Object.keys(quote)).not.toContain('bid')

    advance(sim, 7 * 3_600_000) // 16:31 New York: closed
    const c = stateOf(sim)
    const clock = diff(b, c).clock
    expect(b.clock.nextClose).not.toBe(c.clock.nextClose)
    expect(clock).toEqual({
      time: { from: b.clock.time, to: c.clock.time, deltaMs: 7 * 3_600_000 },
      isOpen: { from: true, to: false },
      nextClose: { from: b.clock.nextClose, to: c.clock.nextClose },
    })
    expect(diff(c, b).clock?.time?.deltaMs).toBe(-7 * 3_600_000)
  })

  it('lists fault rules added, counted and removed', () => {
    const sim = flatWorld()
    const a = stateOf(sim)
    const rule = unwrap(
      sim.addFaultRule({
        match: { operation: 'submitOrder' },
        after: 1,
        effect: { kind: 'error', status: 503 },
      }),
    )
    const b = stateOf(sim)
    expect(diff(a, b).faults).toEqual({ added: b.faults, removed: [], changed: [] })
    expect(b.faults.map((f) => f.id)).toEqual([rule.id])

    sim.decideFault(submitCall(), 0) // matched, let through (after: 1)
    const c = stateOf(sim)
    expect(diff(b, c).faults.changed).toEqual([
      { id: rule.id, matched: { from: 0, to: 1, delta: 1 } },
    ])
    sim.decideFault(submitCall(), 0)
    sim.decideFault(submitCall({ operation: 'cancelOrder' }), 0) // does not match
    const d = stateOf(sim)
    expect(diff(b, d).faults.changed).toEqual([
      { id: rule.id, matched: { from: 0, to: 2, delta: 2 }, fired: { from: 0, to: 1, delta: 1 } },
    ])

    unwrap(sim.removeFaultRule(rule.id))
    const e = stateOf(sim)
    expect(diff(d, e).faults).toEqual({ added: [], removed: d.faults, changed: [] })
    expect(diff(d, e).identical).toBe(false)
  })

  it('shows a replace as the new order added and the old one replaced, and a halt', () => {
    const sim = flatWorld({ symbols: TWO_SYMBOLS })
    const order = submit(sim, { type: 'limit', limitPrice: '99' })
    const a = stateOf(sim)
    const replacement = unwrap(sim.replaceOrder('DEMO', order.id, { limitPrice: '98.5' }))
    unwrap(sim.injectMarketEvent({ kind: 'halt', symbol: 'OTHER' }))
    const d = diff(a, stateOf(sim))
    expect(d.orders.added.map((o) => [o.id, o.replaces, o.limitPrice])).toEqual([
      [replacement.id, order.id, '98.5'],
    ])
    expect(d.orders.changed).toHaveLength(1)
    expect(d.orders.changed[0]?.changes).toMatchObject({
      status: { from: 'new', to: 'replaced' },
      replacedBy: { from: null, to: replacement.id },
    })
    expect(d.orders.changed[0]?.changes.limitPrice).toBeUndefined()
    expect(d.symbols).toEqual({
      added: [],
      removed: [],
      changed: [{ symbol: 'OTHER', status: { from: 'trading', to: 'halted' } }],
    })
  })

  it('compares two configurations: accounts and symbols added or removed, config paths', () => {
    const a = stateOf(flatWorld({ symbols: TWO_SYMBOLS }))
    const b = stateOf(flatWorld({ seed: 8, accounts: TWO_ACCOUNTS }))
    const d = diff(a, b)
    expect(d.accounts.added.map((x) => x.id)).toEqual(['OTHER'])
    expect(d.accounts.changed).toEqual([])
    expect(d.symbols.removed.map((x) => x.symbol)).toEqual(['OTHER'])
    expect(d.config).toEqual({
      changed: true,
      paths: ['accounts[1]', 'seed', 'symbols[1]'],
      morePaths: 0,
    })

    // A key one side has and the other lacks (a view from a newer version, say) is a path too.
    const newer = { ...b, config: { ...b.config, extra: { on: true } } } as State
    expect(diff(b, newer).config.paths).toEqual(['extra'])
    expect(diff(newer, b).config.paths).toEqual(['extra'])

    // Many differences: the first CONFIG_DIFF_PATHS_MAX paths, and a count of the rest.
    const many = (n: number, price: string) =>
      Array.from({ length: n }, (_, i) => ({ symbol: `S${i}`, price }))
    const wide = diff(
      stateOf(flatWorld({ symbols: many(150, '10') })),
      stateOf(flatWorld({ symbols: many(150, '20') })),
    )
    expect(wide.config.paths).toHaveLength(100)
    expect(wide.config.paths[0]).toBe('symbols[0].price')
    expect(wide.config.morePaths).toBe(50)
    expect(wide.quotes.map((q) => q.symbol).slice(0, 12)).toEqual([
      'S0',
      'S1',
      'S2',
      'S3',
      'S4',
      'S5',
      'S6',
      'S7',
      'S8',
      'S9',
      'S10',
      'S11',
    ])
  })

  it('sorts by id in natural order', () => {
    expect(['ord-1000000', 'ord-000010', 'ord-999999', 'ord-000002'].sort(compareKeys)).toEqual([
      'ord-000002',
      'ord-000010',
      'ord-999999',
      'ord-1000000',
    ])
    expect(['B', 'A10', 'A9', 'a'].sort(compareKeys)).toEqual(['A9', 'A10', 'B', 'a'])
    const sim = flatWorld()
    const a = stateOf(sim)
    const order = submit(sim, { type: 'limit', limitPrice: '99' })
    const b = stateOf(sim)
    const late = {
      ...b,
      orders: [
        { ...order, id: 'ord-1000000' },
        { ...order, id: 'ord-999999' },
      ],
    }
    expect(diff(a, late).orders.added.map((o) => o.id)).toEqual(['ord-999999', 'ord-1000000'])
  })

  it('keeps its documented example true to the schema', () => {
    expect(StateDiff.parse(STATE_DIFF_EXAMPLE)).toEqual(STATE_DIFF_EXAMPLE)
  })
})

// A small random world: two accounts, two symbols, latency and partial fills, fault rules.
const SCRIPT_WORLD: FlatWorldOptions = {
  symbols: TWO_SYMBOLS,
  accounts: [
    { id: 'DEMO', cash: '100000', allowShort: true },
    { id: 'OTHER', cash: '20000' },
  ],
  market: { volatility: 20, spread: 2, liquidity: 25 },
  execution: {
    latencyMin: 0,
    latencyMax: 300,
    partialFillRatio: 0.5,
    commission: { perShare: '0.005', minimum: '0.5' },
  },
}

type Step =
  | {
      kind: 'submit'
      account: number
      symbol: number
      side: 'buy' | 'sell'
      limit: number | null
      qty: number
    }
  | { kind: 'cancel' | 'replace'; pick: number; ticks: number }
  | { kind: 'jump'; symbol: number; cents: number }
  | { kind: 'halt' | 'resume' | 'close'; symbol: number; account: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'fault' | 'unfault' | 'call' }

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      account: fc.nat(1),
      symbol: fc.nat(1),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      limit: fc.option(fc.integer({ min: -30, max: 30 })),
      qty: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('cancel' as const, 'replace' as const),
      pick: fc.nat(20),
      ticks: fc.integer({ min: -20, max: 20 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      symbol: fc.nat(1),
      cents: fc.integer({ min: -300, max: 300 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('halt' as const, 'resume' as const, 'close' as const),
      symbol: fc.nat(1),
      account: fc.nat(1),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 3_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('fault' as const, 'unfault' as const, 'call' as const),
    }),
  },
)

const ACCOUNT_IDS = ['DEMO', 'OTHER']
const SYMBOL_IDS = ['TEST', 'OTHER']
const cents = (n: number) => Decimal.fromInt(n).div(Decimal.fromInt(100), 2)

/** Applies the steps; refusals (no buying power, a closed order) are part of the game. */
function runSteps(sim: Simulation, steps: readonly Step[]): void {
  for (const step of steps) {
    const symbol = SYMBOL_IDS[('symbol' in step ? step.symbol : 0) % 2] as string
    const last = () => Decimal.parse(unwrap(sim.quote(symbol)).last)
    const near = (ticks: number) =>
      Decimal.max(Decimal.parse('0.01'), last().add(cents(ticks))).toString()
    switch (step.kind) {
      case 'submit':
        sim.submitOrder(ACCOUNT_IDS[step.account] as string, {
          symbol,
          side: step.side,
          qty: String(step.qty),
          type: step.limit === null ? 'market' : 'limit',
          ...(step.limit === null ? {} : { limitPrice: near(step.limit) }),
          timeInForce: 'gtc',
          orderClass: 'simple',
        })
        break
      case 'cancel':
      case 'replace': {
        const open = sim.allOrders().filter((o) => !TERMINAL_STATUSES.includes(o.status))
        const order = open[step.pick % Math.max(1, open.length)]
        if (order === undefined) break
        if (step.kind === 'cancel') sim.cancelOrder(order.accountId, order.id)
        else if (order.limitPrice !== null)
          sim.replaceOrder(order.accountId, order.id, {
            limitPrice: Decimal.max(
              Decimal.parse('0.01'),
              Decimal.parse(order.limitPrice).add(cents(step.ticks)),
            ).toString(),
          })
        break
      }
      case 'jump':
        sim.injectMarketEvent({
          kind: 'price_jump',
          symbol,
          price: Decimal.max(Decimal.parse('1'), last().add(cents(step.cents))).toString(),
        })
        break
      case 'halt':
      case 'resume':
        sim.injectMarketEvent({ kind: step.kind, symbol })
        break
      case 'close':
        sim.closePosition(ACCOUNT_IDS[step.account] as string, symbol)
        break
      case 'advance':
        advance(sim, step.ms)
        break
      case 'fault':
        sim.addFaultRule({ match: { operation: 'submitOrder' }, effect: { kind: 'reject' } })
        break
      case 'unfault': {
        const first = sim.faultRules()[0]
        if (first !== undefined) sim.removeFaultRule(first.id)
        break
      }
      case 'call':
        sim.decideFault(submitCall(), 0)
        break
    }
  }
}

type Change = { from: unknown; to: unknown; delta?: unknown; deltaMs?: number; pct?: unknown }

/** The change read the other way: from and to swapped, deltas negated, pct dropped. */
function flip(change: Change): Change {
  const { pct: _pct, ...out } = change
  out.from = change.to
  out.to = change.from
  if (typeof change.delta === 'string') out.delta = Decimal.parse(change.delta).neg().toString()
  if (typeof change.delta === 'number') out.delta = -change.delta
  if (change.deltaMs !== undefined) out.deltaMs = -change.deltaMs
  return out
}

/** Flips every field of an entity change but its keys. */
function flipFields<T extends object>(entity: T, keys: readonly string[]): T {
  return Object.fromEntries(
    Object.entries(entity).map(([key, value]) => [
      key,
      keys.includes(key) ? value : flip(value as Change),
    ]),
  ) as T
}

/** What diff(b, a) must be, given diff(a, b) (percentages aside, see `dropPct`). */
function mirror(d: StateDiff): StateDiff {
  const swap = <T, C>(s: { added: T[]; removed: T[]; changed: C[] }, f: (c: C) => C) => ({
    added: s.removed,
    removed: s.added,
    changed: s.changed.map(f),
  })
  return dropPct({
    from: d.to,
    to: d.from,
    identical: d.identical,
    clock: d.clock === null ? null : flipFields(d.clock, []),
    symbols: swap(d.symbols, (c) => flipFields(c, ['symbol'])),
    quotes: d.quotes.map((q) => flipFields(q, ['symbol'])),
    accounts: swap(d.accounts, (a) => ({
      ...flipFields(a, ['id', 'positions']),
      positions: a.positions.map((p) => ({
        ...flipFields(p, ['symbol', 'change']),
        change: p.change === 'opened' ? 'closed' : p.change === 'closed' ? 'opened' : 'changed',
      })),
    })),
    orders: swap(d.orders, (o) => ({
      ...o,
      changes: flipFields(o.changes, []),
    })),
    faults: swap(d.faults, (f) => flipFields(f, ['id'])),
    config: d.config,
  })
}

function dropPct(d: StateDiff): StateDiff {
  return JSON.parse(JSON.stringify(d), (key, value) => (key === 'pct' ? undefined : value))
}

/** Applies the listed changes of an entity to its `from` version. */
function applyTo<T extends object>(entity: T, changes: object, keys: readonly string[]): T {
  const out = { ...entity } as Record<string, unknown>
  for (const [key, value] of Object.entries(changes))
    if (!keys.includes(key)) out[key] = (value as Change).to
  return out as T
}

/** Rebuilds a keyed list of `to` from the list of `from` and the section. */
function rebuild<T, C>(
  from: readonly T[],
  section: { added: T[]; removed: T[]; changed: C[] },
  keyOf: (item: T) => string,
  changeKeyOf: (change: C) => string,
  apply: (item: T, change: C) => T,
): T[] {
  const gone = new Set(section.removed.map(keyOf))
  const changes = new Map(section.changed.map((c) => [changeKeyOf(c), c]))
  const kept = from
    .filter((item) => !gone.has(keyOf(item)))
    .map((item) => {
      const change = changes.get(keyOf(item))
      return change === undefined ? item : apply(item, change)
    })
  return [...kept, ...section.added].sort((a, b) => compareKeys(keyOf(a), keyOf(b)))
}

const sortedBy = <T>(list: readonly T[], keyOf: (item: T) => string) =>
  [...list].sort((a, b) => compareKeys(keyOf(a), keyOf(b)))

/** `to` rebuilt from `from` and the diff must be `to`, but for what a flat position hides. */
function expectRebuilds(a: State, b: State, d: StateDiff): void {
  expect(d.clock === null ? a.clock : applyTo(a.clock, d.clock, [])).toEqual({
    ...b.clock,
  })
  expect(d.clock?.time?.to ?? a.clock.time).toBe(b.clock.time)
  const bySymbol = (x: { symbol: string }) => x.symbol
  expect(
    rebuild(a.symbols, d.symbols, bySymbol, bySymbol, (s, c) => applyTo(s, c, ['symbol'])),
  ).toEqual(sortedBy(b.symbols, bySymbol))
  const quoteChanges = { added: [], removed: [], changed: d.quotes }
  const common = new Set(a.quotes.map(bySymbol).filter((s) => b.quotes.some((q) => q.symbol === s)))
  expect(
    rebuild(
      a.quotes.filter((q) => common.has(q.symbol)),
      quoteChanges,
      bySymbol,
      bySymbol,
      (q, c) => applyTo(q, c, ['symbol']),
    ),
  ).toEqual(
    sortedBy(
      b.quotes.filter((q) => common.has(q.symbol)),
      bySymbol,
    ),
  )
  const byId = (x: { id: string }) => x.id
  expect(rebuild(a.orders, d.orders, byId, byId, (o, c) => applyTo(o, c.changes, []))).toEqual(
    sortedBy(b.orders, byId),
  )
  expect(rebuild(a.faults, d.faults, byId, byId, (f, c) => applyTo(f, c, ['id']))).toEqual(
    sortedBy(b.faults, byId),
  )
  const accounts = rebuild(a.accounts, d.accounts, byId, byId, (account, c) =>
    applyTo(account, c, ['id', 'positions']),
  )
  const withoutPositions = ({ positions: _p, ...rest }: State['accounts'][number]) => rest
  expect(accounts.map(withoutPositions)).toEqual(sortedBy(b.accounts, byId).map(withoutPositions))

  // Positions: one change per position that differs, opened and closed against flat.
  for (const after of b.accounts) {
    const before = a.accounts.find((x) => x.id === after.id)
    if (before === undefined) continue
    const listed = d.accounts.changed.find((c) => c.id === after.id)?.positions ?? []
    expect(listed.map(bySymbol)).toEqual([...new Set(listed.map(bySymbol))].sort(compareKeys))
    const symbols = new Set([...before.positions, ...after.positions].map(bySymbol))
    for (const symbol of symbols) {
      const was = before.positions.find((p) => p.symbol === symbol)
      const is = after.positions.find((p) => p.symbol === symbol)
      const change = listed.find((p) => p.symbol === symbol)
      if (was !== undefined && is !== undefined) {
        expect(applyTo(was, change ?? {}, ['symbol', 'change'])).toEqual(is)
        if (change !== undefined) expect(change.change).toBe('changed')
      } else {
        expect(change?.change).toBe(was === undefined ? 'opened' : 'closed')
        const present = (was ?? is) as NonNullable<typeof was>
        const qty = was === undefined ? change?.qty?.to : change?.qty?.from
        expect(qty).toBe(present.qty)
        expect(change?.realizedPnl).toBeUndefined()
      }
    }
  }
  expect(d.config.changed).toBe(!isDeepStrictEqual(a.config, b.config))
}

const SEED = Number(process.env.STATE_DIFF_PROPERTY_SEED ?? 20260105)

describe('diffStates over random scripts', () => {
  it(`is its own mirror image, and rebuilds the second state from the first (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { minLength: 0, maxLength: 30 }),
        fc.array(stepArbitrary, { minLength: 0, maxLength: 30 }),
        (before, between) => {
          const sim = flatWorld(SCRIPT_WORLD)
          runSteps(sim, before)
          const a = stateOf(sim)
          runSteps(sim, between)
          const b = stateOf(sim)
          const forward = diff(a, b)
          const backward = diff(b, a)
          expect(dropPct(backward)).toEqual(mirror(forward))
          const { journal: _ja, ...restA } = a
          const { journal: _jb, ...restB } = b
          expect(forward.identical).toBe(isDeepStrictEqual(restA, restB))
          expectRebuilds(a, b, forward)
          expectRebuilds(b, a, backward)
          expect(sections(diff(b, b))).toEqual(NOTHING)
        },
      ),
      { seed: SEED, numRuns: 80 },
    )
  })
})
