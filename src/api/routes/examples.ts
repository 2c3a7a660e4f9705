/**
 * Examples of the success answers, for the OpenAPI document: one small world told consistently
 * across the routes. DEMO starts with 100000 USD in a manual-clock world of AAPL (150) and MSFT
 * (410); its limit order `my-order-1` buys 100 AAPL at 150, which fills two virtual seconds later
 * for a commission of 1. The shapes and values follow a real session; redocly checks each
 * against its schema (`no-invalid-media-type-examples` in redocly.yaml).
 *
 * Answers whose schema component carries its own example (Report, StateDiff, FaultRule,
 * Verification, InjectResponse) need none here.
 */
import type { Account, AccountWithPositions, Position } from '../schemas/account.js'
import type { ControlAck } from '../schemas/control.js'
import type { FaultRule } from '../schemas/fault.js'
import type { Fill } from '../schemas/fill.js'
import type { JournalEvent, JournalSummary } from '../schemas/journal.js'
import type { Clock, Instrument, Quote } from '../schemas/market.js'
import type { Order } from '../schemas/order.js'
import type { RequestRecord } from '../schemas/request-journal.js'
import type { ResolvedConfig } from '../schemas/resolved-config.js'
import type { SnapshotSummary } from '../schemas/snapshot.js'
import type { State } from '../schemas/state.js'
import type { Verification } from '../schemas/verification.js'

const START = '2026-01-05T14:30:00.000Z'
const ACCEPTED = '2026-01-05T14:30:00.005Z'
const FILLED = '2026-01-05T14:30:02.000Z'
const NOW = '2026-01-05T14:30:05.000Z'

export const CLOCK_EXAMPLE: Clock = {
  time: NOW,
  mode: 'manual',
  speed: 1,
  isOpen: true,
  nextOpen: null,
  nextClose: null,
}

export const INSTRUMENTS_EXAMPLE: Instrument[] = [
  {
    symbol: 'AAPL',
    name: 'Apple Inc.',
    tickSize: '0.01',
    lotSize: '1',
    currency: 'USD',
    status: 'trading',
  },
  {
    symbol: 'MSFT',
    name: 'Microsoft Corporation',
    tickSize: '0.01',
    lotSize: '1',
    currency: 'USD',
    status: 'trading',
  },
]

export const QUOTE_EXAMPLE: Quote = {
  symbol: 'AAPL',
  bid: '150.01',
  ask: '150.03',
  bidSize: '1002',
  askSize: '653',
  last: '150.02',
  time: NOW,
}

export const QUOTES_EXAMPLE: Quote[] = [
  QUOTE_EXAMPLE,
  {
    symbol: 'MSFT',
    bid: '409.89',
    ask: '410.11',
    bidSize: '1497',
    askSize: '1164',
    last: '410',
    time: NOW,
  },
]

/** `my-order-1` as submitted: sent to the venue, not yet accepted. */
export const PENDING_ORDER_EXAMPLE: Order = {
  id: 'ord-000001',
  clientOrderId: 'my-order-1',
  accountId: 'DEMO',
  symbol: 'AAPL',
  side: 'buy',
  qty: '100',
  type: 'limit',
  limitPrice: '150',
  stopPrice: null,
  trailPrice: null,
  trailPercent: null,
  timeInForce: 'day',
  expireAt: null,
  strategyId: null,
  metadata: {},
  orderClass: 'simple',
  takeProfit: null,
  stopLoss: null,
  status: 'pending_new',
  filledQty: '0',
  leavesQty: '100',
  avgFillPrice: null,
  rejectReason: null,
  replacedBy: null,
  replaces: null,
  parentId: null,
  legs: [],
  createdAt: START,
  updatedAt: START,
  acceptedAt: null,
  filledAt: null,
  canceledAt: null,
  expiredAt: null,
}

/** `my-order-1` accepted and resting. */
export const OPEN_ORDER_EXAMPLE: Order = {
  ...PENDING_ORDER_EXAMPLE,
  status: 'new',
  updatedAt: ACCEPTED,
  acceptedAt: ACCEPTED,
}

/** `my-order-1` filled. */
export const FILLED_ORDER_EXAMPLE: Order = {
  ...OPEN_ORDER_EXAMPLE,
  status: 'filled',
  filledQty: '100',
  leavesQty: '0',
  avgFillPrice: '150',
  updatedAt: FILLED,
  filledAt: FILLED,
}

/** `my-order-1` while the cancel is on its way to the venue. */
export const CANCELING_ORDER_EXAMPLE: Order = {
  ...OPEN_ORDER_EXAMPLE,
  status: 'pending_cancel',
  updatedAt: NOW,
}

/** The order replacing `my-order-1` at 151 (`PATCH { limitPrice: '151.00' }`). */
export const REPLACING_ORDER_EXAMPLE: Order = {
  ...PENDING_ORDER_EXAMPLE,
  id: 'ord-000002',
  clientOrderId: null,
  limitPrice: '151',
  replaces: 'ord-000001',
  createdAt: NOW,
  updatedAt: NOW,
}

/** The market order closing the 100 AAPL of `my-order-1`. */
export const CLOSING_ORDER_EXAMPLE: Order = {
  ...PENDING_ORDER_EXAMPLE,
  id: 'ord-000002',
  clientOrderId: null,
  side: 'sell',
  type: 'market',
  limitPrice: null,
  createdAt: NOW,
  updatedAt: NOW,
}

export const FILL_EXAMPLE: Fill = {
  id: 'fill-000001',
  orderId: 'ord-000001',
  clientOrderId: 'my-order-1',
  accountId: 'DEMO',
  symbol: 'AAPL',
  side: 'buy',
  qty: '100',
  price: '150',
  commission: '1',
  liquidity: 'maker',
  time: FILLED,
}

export const POSITION_EXAMPLE: Position = {
  symbol: 'AAPL',
  qty: '100',
  side: 'long',
  avgEntryPrice: '150',
  marketValue: '15002',
  costBasis: '15000',
  unrealizedPnl: '2',
  realizedPnl: '0',
  lastPrice: '150.02',
}

/** DEMO after the fill: 100000 - 15000 - 1 in cash, 100 AAPL at 150.02. */
export const ACCOUNT_EXAMPLE: Account = {
  id: 'DEMO',
  currency: 'USD',
  cash: '84999',
  equity: '100001',
  buyingPower: '84999',
  marketValue: '15002',
  realizedPnl: '0',
  unrealizedPnl: '2',
  commissionsPaid: '1',
  status: 'active',
}

const ACCOUNT_WITH_POSITIONS: AccountWithPositions = {
  ...ACCOUNT_EXAMPLE,
  positions: [POSITION_EXAMPLE],
}

export const FAULT_RULE_EXAMPLE: FaultRule = {
  id: 'flt-000001',
  match: {
    operation: 'submitOrder',
    accountId: null,
    symbol: null,
    side: null,
    clientOrderId: null,
    method: null,
    path: null,
  },
  probability: 1,
  times: 2,
  after: 0,
  window: null,
  effect: { kind: 'error', status: 503, code: null, message: null, retryAfter: 1 },
  matched: 1,
  fired: 1,
}

/** What `POST /mock/configure` with the world above resolves to. */
const RESOLVED_CONFIG: ResolvedConfig = {
  seed: 42,
  scenario: null,
  clock: { mode: 'manual', start: START, speed: 1 },
  symbols: [
    {
      symbol: 'AAPL',
      name: 'Apple Inc.',
      price: '150',
      tickSize: '0.01',
      lotSize: '1',
      currency: 'USD',
      model: null,
    },
    {
      symbol: 'MSFT',
      name: 'Microsoft Corporation',
      price: '410',
      tickSize: '0.01',
      lotSize: '1',
      currency: 'USD',
      model: null,
    },
  ],
  marketConfig: {
    model: 'random_walk',
    volatility: 2,
    drift: 0,
    spread: 5,
    liquidity: 1000,
    depthLevels: 5,
    updateFrequency: 1000,
    depthRefillMs: 1000,
    halfLife: 3_600_000,
    momentum: 0.3,
    volatilityClustering: null,
    source: null,
  },
  executionConfig: {
    latencyMin: 5,
    latencyMax: 5,
    slippageBps: 0,
    fillProbability: 1,
    partialFillRatio: 1,
    rejectionRate: 0,
    latency: {
      submit: { type: 'uniform', min: 5, max: 5 },
      cancel: { type: 'uniform', min: 5, max: 5 },
      replace: { type: 'uniform', min: 5, max: 5 },
    },
    commission: {
      perShare: '0.005',
      bps: '0',
      minimum: '1',
      maker: { perShare: '0.005', bps: '0' },
      taker: { perShare: '0.005', bps: '0' },
    },
  },
  accounts: [
    {
      id: 'DEMO',
      cash: '100000',
      currency: 'USD',
      apiKey: null,
      leverage: 1,
      allowShort: false,
      positions: [],
      limits: {
        maxOrderQty: null,
        maxOrderNotional: null,
        maxPosition: null,
        dailyLossLimit: null,
      },
    },
  ],
  session: '24x7',
  timeline: [],
  faults: [],
}

const JOURNAL_EXAMPLE: JournalSummary = { seq: 12, hash: '3b812114b12064fb', epoch: 1 }

export const STATE_EXAMPLE: State = {
  clock: CLOCK_EXAMPLE,
  config: RESOLVED_CONFIG,
  symbols: INSTRUMENTS_EXAMPLE,
  quotes: QUOTES_EXAMPLE,
  accounts: [ACCOUNT_WITH_POSITIONS],
  orders: [FILLED_ORDER_EXAMPLE],
  faults: [FAULT_RULE_EXAMPLE],
  journal: JOURNAL_EXAMPLE,
}

/** The answer of configure (and, with the next epoch, of reset): a new timeline at seq 0. */
export const CONTROL_ACK_EXAMPLE: ControlAck = {
  epoch: 1,
  seq: 0,
  hash: 'cbf29ce484222325',
  time: START,
}

export const EVENTS_EXAMPLE: JournalEvent[] = [
  {
    seq: 1,
    type: 'order.pending_new',
    time: START,
    accountId: 'DEMO',
    data: { order: PENDING_ORDER_EXAMPLE },
  },
  {
    seq: 2,
    type: 'order.accepted',
    time: ACCEPTED,
    accountId: 'DEMO',
    data: { order: OPEN_ORDER_EXAMPLE },
  },
]

export const REQUEST_RECORDS_EXAMPLE: RequestRecord[] = [
  {
    requestId: 'req-000026',
    time: '2026-03-01T10:00:00.673Z',
    virtualTime: NOW,
    method: 'POST',
    path: '/v1/accounts/DEMO/orders',
    operation: 'submitOrder',
    status: 503,
    durationMs: 1,
    accountId: 'DEMO',
    fault: { ruleId: 'flt-000001', kind: 'error' },
  },
  {
    requestId: 'req-000025',
    time: '2026-03-01T10:00:00.665Z',
    virtualTime: NOW,
    method: 'GET',
    path: '/v1/accounts/DEMO/fills',
    operation: 'listFills',
    status: 200,
    durationMs: 0,
    accountId: 'DEMO',
    fault: null,
  },
]

export const VERIFICATION_EXAMPLE: Verification = {
  id: 'ver-000001',
  name: 'order my-order-1 is filled',
  suite: 'orders.test.ts',
  ok: true,
  message: null,
  details: null,
  time: NOW,
  seq: 12,
}

export const SNAPSHOT_EXAMPLE: SnapshotSummary = {
  id: 'snap-000001',
  name: 'after-fill',
  seq: 12,
  time: NOW,
  epoch: 1,
  hash: '3b812114b12064fb',
  takenAt: '2026-03-01T10:00:00.677Z',
  persisted: false,
}

/** A short JUnit rendering of the report (`format=junit`). */
export const JUNIT_REPORT_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mock-broker report" tests="2" failures="0" errors="0" skipped="0" time="0">
  <testsuite name="mock-broker verifications" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="orders.test.ts" name="order my-order-1 is filled" time="0"/>
  </testsuite>
  <testsuite name="mock-broker checks" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="mock-broker.account.DEMO" name="account DEMO: cash + market value equals equity" time="0"/>
  </testsuite>
</testsuites>
`

/** The HTML rendering of the report (`format=html`), its body cut short. */
export const HTML_REPORT_EXAMPLE = [
  '<!doctype html>',
  '<html lang="en">',
  '<head>',
  '<meta charset="utf-8">',
  '<title>mock-broker report: scenario default, seed 42</title>',
  '</head>',
  '<body>',
  '<h1>mock-broker report: scenario default, seed 42</h1>',
  '<h2>Prices</h2>',
  '</body>',
  '</html>',
  '',
].join('\n')
