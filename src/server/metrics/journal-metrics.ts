/**
 * The order, fill and fault metrics, from journal events: it listens to the current simulation
 * and follows configure, reset and restore to the next one. Counters never go back when a
 * timeline is rewound (Prometheus counters only grow): they count what this process saw happen.
 *
 * Per-order bookkeeping is bounded by the world's own open orders: an order is kept from
 * `order.pending_new` until its terminal event, and everything is dropped on a new timeline (the
 * open orders of a restored world are taken from its state, without their arrival quote).
 *
 * - `orders_total`: once per order, at its terminal event; `outcome` is the terminal status
 *   (`filled`, `canceled`, `expired`, `replaced`, `rejected`). A risk-rejected order (journaled as
 *   `order.rejected` alone) counts as `rejected`.
 * - Latencies run from when the order went to the venue (its `order.pending_new`; a bracket or oto
 *   exit when its entry filled completely, as the report measures them): ack to `order.accepted`,
 *   fill to `order.filled`.
 * - Slippage: each fill's price against the touch on the order's side (ask for a buy, bid for a
 *   sell) when the order went to the venue, in bps, positive when worse for the order.
 */
import {
  TERMINAL_STATUSES,
  type JournalEvent,
  type Json,
  type Simulation,
} from '../../sim/index.js'
import type { BrokerRuntime } from '../broker-runtime.js'
import type { Instruments } from './instruments.js'
import { sentToVenueMs } from '../report/order-summary.js'

interface OpenOrder {
  /** Virtual ms the order went to the venue; null while an exit waits for its entry to fill. */
  sentMs: number | null
  /** The touch on the order's side then (ask for a buy, bid for a sell), when known. */
  arrivalTouch: number | null
  symbol: string
  side: string
  orderClass: string
  acked: boolean
}

const TERMINAL = new Set<string>(TERMINAL_STATUSES)

export class JournalMetrics {
  readonly #instruments: Instruments
  readonly #open = new Map<string, OpenOrder>()
  #stopListening: () => void = () => {}
  readonly #stopFollowing: () => void

  constructor(runtime: BrokerRuntime, instruments: Instruments) {
    this.#instruments = instruments
    this.#follow(runtime.sim)
    this.#stopFollowing = runtime.onTimeline((sim) => this.#follow(sim))
  }

  /** Orders of the current timeline not in a terminal status yet. */
  get openOrders(): number {
    return this.#open.size
  }

  close(): void {
    this.#stopFollowing()
    this.#stopListening()
    this.#open.clear()
  }

  #follow(sim: Simulation): void {
    this.#stopListening()
    this.#open.clear()
    // A restored world may have open orders: keep them, so their ends are measured.
    const orders = sim.allOrders()
    const byId = new Map(orders.map((order) => [order.id, order]))
    for (const order of orders) {
      if (TERMINAL.has(order.status)) continue
      this.#open.set(order.id, {
        sentMs: sentToVenueMs(order, byId),
        arrivalTouch: null,
        symbol: order.symbol,
        side: order.side,
        orderClass: order.orderClass,
        acked: order.acceptedAt !== null,
      })
    }
    // The journal calls this inside core commands: a failing metric must not break one.
    this.#stopListening = sim.onEvent((event) => {
      try {
        this.#onEvent(sim, event)
      } catch (error) {
        console.error('mock-broker: metrics failed on a journal event:', error)
      }
    })
  }

  #onEvent(sim: Simulation, event: JournalEvent): void {
    const { type, data } = event
    if (type === 'fill.created') return this.#onFill(data.fill)
    if (type === 'fault.applied') {
      const effect = field(data.effect, 'kind')
      this.#instruments.faults.inc({
        kind: typeof effect === 'string' ? effect : 'unknown',
        operation: typeof data.operation === 'string' ? data.operation : 'unknown',
      })
      return
    }
    if (!type.startsWith('order.')) return
    const order = data.order
    const id = field(order, 'id')
    if (typeof id !== 'string') return
    switch (type) {
      case 'order.pending_new':
        return this.#onSent(sim, event, order, id)
      case 'order.accepted': {
        const open = this.#open.get(id)
        if (open === undefined || open.acked || open.sentMs === null) return
        open.acked = true
        this.#instruments.ackLatency.observe(seconds(event.timeMs - open.sentMs))
        return
      }
      case 'order.filled': {
        const open = this.#open.get(id)
        if (open !== undefined && open.sentMs !== null)
          this.#instruments.fillLatency.observe(seconds(event.timeMs - open.sentMs))
        this.#releaseExits(sim, event, order)
        break
      }
    }
    const status = field(order, 'status')
    if (typeof status === 'string' && TERMINAL.has(status)) {
      this.#instruments.orders.inc({
        account: event.accountId ?? String(field(order, 'accountId')),
        type: String(field(order, 'type')),
        side: String(field(order, 'side')),
        outcome: status,
      })
      this.#open.delete(id)
    }
  }

  #onSent(sim: Simulation, event: JournalEvent, order: Json | undefined, id: string): void {
    const symbol = String(field(order, 'symbol'))
    const side = String(field(order, 'side'))
    const parentId = field(order, 'parentId')
    const parent = typeof parentId === 'string' ? this.#open.get(parentId) : undefined
    // A bracket's or oto's exits wait for the entry to fill completely; an oco's work at once.
    const waits = parent !== undefined && parent.orderClass !== 'oco'
    this.#open.set(id, {
      sentMs: waits ? null : event.timeMs,
      arrivalTouch: waits ? null : touch(sim, symbol, side),
      symbol,
      side,
      orderClass: String(field(order, 'orderClass')),
      acked: false,
    })
  }

  /** An entry filled completely: its waiting exits go to the venue now. */
  #releaseExits(sim: Simulation, event: JournalEvent, order: Json | undefined): void {
    const legs = field(order, 'legs')
    if (!Array.isArray(legs)) return
    for (const legId of legs) {
      const leg = typeof legId === 'string' ? this.#open.get(legId) : undefined
      if (leg === undefined || leg.sentMs !== null) continue
      leg.sentMs = event.timeMs
      leg.arrivalTouch = touch(sim, leg.symbol, leg.side)
    }
  }

  #onFill(fill: Json | undefined): void {
    this.#instruments.fills.inc()
    const orderId = field(fill, 'orderId')
    const open = typeof orderId === 'string' ? this.#open.get(orderId) : undefined
    const reference = open?.arrivalTouch ?? null
    const price = Number(field(fill, 'price'))
    if (open === undefined || reference === null || !Number.isFinite(price)) return
    const move = open.side === 'buy' ? price - reference : reference - price
    const bps = (move / reference) * 10_000
    this.#instruments.slippage.observe(
      { direction: bps >= 0 ? 'adverse' : 'favourable' },
      Math.abs(bps),
    )
  }
}

/** The touch an order of `side` would take now: the ask for a buy, the bid for a sell. */
function touch(sim: Simulation, symbol: string, side: string): number | null {
  const quote = sim.quote(symbol)
  if (!quote.ok) return null
  const price = Number(side === 'buy' ? quote.value.ask : quote.value.bid)
  return Number.isFinite(price) && price > 0 ? price : null
}

function field(value: Json | undefined, key: string): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? value[key]
    : undefined
}

function seconds(ms: number): number {
  return Math.max(0, ms) / 1000
}
