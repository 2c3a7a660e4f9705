/**
 * A trading account: cash, netted positions, P&L, commissions and its risk settings.
 *
 * `equity = cash + marketValue`; `realizedPnl` is gross of commissions, which `commissionsPaid`
 * sums. Buying power is `equity * leverage - gross exposure - buying power held by open orders`,
 * which is `cash * leverage` for a flat account (see docs/decisions/0004-buying-power.md).
 */
import type { AccountConfig } from '../config/world-config.js'
import { Decimal } from '../decimal.js'
import { Position, type PositionState, type PositionView } from './position.js'

export interface AccountLimits {
  maxOrderQty: Decimal | null
  maxOrderNotional: Decimal | null
  maxPosition: Decimal | null
  dailyLossLimit: Decimal | null
}

export interface AccountState {
  id: string
  cash: string
  realizedPnl: string
  commissionsPaid: string
  dayStartEquity: string
  positions: PositionState[]
}

export type AccountView = {
  id: string
  currency: string
  cash: string
  equity: string
  buyingPower: string
  marketValue: string
  realizedPnl: string
  unrealizedPnl: string
  commissionsPaid: string
  status: 'active'
}

export type MarkOf = (symbol: string) => Decimal

const parseLimit = (value: string | null): Decimal | null =>
  value === null ? null : Decimal.parse(value)

export class Account {
  readonly id: string
  readonly currency: string
  readonly apiKey: string | null
  readonly leverage: Decimal
  readonly allowShort: boolean
  readonly limits: AccountLimits
  cash: Decimal
  realizedPnl: Decimal
  commissionsPaid: Decimal
  /** Equity at the start of the trading day, for `dailyLossLimit`. */
  dayStartEquity: Decimal
  /** Insertion-ordered, so listings are deterministic. */
  readonly positions = new Map<string, Position>()

  constructor(config: AccountConfig, state: AccountState) {
    this.id = config.id
    this.currency = config.currency
    this.apiKey = config.apiKey
    this.leverage = Decimal.fromNumber(config.leverage, 8)
    this.allowShort = config.allowShort
    this.limits = {
      maxOrderQty: parseLimit(config.limits.maxOrderQty),
      maxOrderNotional: parseLimit(config.limits.maxOrderNotional),
      maxPosition: parseLimit(config.limits.maxPosition),
      dailyLossLimit: parseLimit(config.limits.dailyLossLimit),
    }
    this.cash = Decimal.parse(state.cash)
    this.realizedPnl = Decimal.parse(state.realizedPnl)
    this.commissionsPaid = Decimal.parse(state.commissionsPaid)
    this.dayStartEquity = Decimal.parse(state.dayStartEquity)
    for (const p of state.positions) this.positions.set(p.symbol, new Position(p))
  }

  /** A fresh account from its config: starting positions are booked at their entry price. */
  static open(config: AccountConfig, markOf: MarkOf): Account {
    const positions = config.positions.map((p) => {
      const qty = Decimal.parse(p.qty)
      return {
        symbol: p.symbol,
        qty: qty.toString(),
        costBasis: qty.mul(Decimal.parse(p.avgEntryPrice)).toString(),
        realizedPnl: '0',
      }
    })
    const account = new Account(config, {
      id: config.id,
      cash: config.cash,
      realizedPnl: '0',
      commissionsPaid: '0',
      dayStartEquity: '0',
      positions,
    })
    account.dayStartEquity = account.equity(markOf)
    return account
  }

  position(symbol: string): Position {
    let position = this.positions.get(symbol)
    if (!position) {
      position = Position.flat(symbol)
      this.positions.set(symbol, position)
    }
    return position
  }

  positionQty(symbol: string): Decimal {
    return this.positions.get(symbol)?.qty ?? Decimal.ZERO
  }

  marketValue(markOf: MarkOf): Decimal {
    let total = Decimal.ZERO
    for (const p of this.positions.values())
      if (!p.qty.isZero()) total = total.add(p.marketValue(markOf(p.symbol)))
    return total
  }

  grossExposure(markOf: MarkOf): Decimal {
    let total = Decimal.ZERO
    for (const p of this.positions.values())
      if (!p.qty.isZero()) total = total.add(p.marketValue(markOf(p.symbol)).abs())
    return total
  }

  equity(markOf: MarkOf): Decimal {
    return this.cash.add(this.marketValue(markOf))
  }

  buyingPower(markOf: MarkOf, held: Decimal): Decimal {
    const power = this.equity(markOf).mul(this.leverage).sub(this.grossExposure(markOf)).sub(held)
    return Decimal.max(Decimal.ZERO, power)
  }

  view(markOf: MarkOf, held: Decimal): AccountView {
    const marketValue = this.marketValue(markOf)
    let unrealized = Decimal.ZERO
    for (const p of this.positions.values())
      if (!p.qty.isZero()) unrealized = unrealized.add(p.unrealizedPnl(markOf(p.symbol)))
    return {
      id: this.id,
      currency: this.currency,
      cash: this.cash.toString(),
      equity: this.cash.add(marketValue).toString(),
      buyingPower: this.buyingPower(markOf, held).toString(),
      marketValue: marketValue.toString(),
      realizedPnl: this.realizedPnl.toString(),
      unrealizedPnl: unrealized.toString(),
      commissionsPaid: this.commissionsPaid.toString(),
      status: 'active',
    }
  }

  positionViews(markOf: MarkOf): PositionView[] {
    const out: PositionView[] = []
    for (const p of this.positions.values()) if (!p.qty.isZero()) out.push(p.view(markOf(p.symbol)))
    return out
  }

  snapshot(): AccountState {
    return {
      id: this.id,
      cash: this.cash.toString(),
      realizedPnl: this.realizedPnl.toString(),
      commissionsPaid: this.commissionsPaid.toString(),
      dayStartEquity: this.dayStartEquity.toString(),
      positions: [...this.positions.values()].map((p) => p.snapshot()),
    }
  }
}
