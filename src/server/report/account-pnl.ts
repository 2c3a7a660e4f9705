/**
 * P&L per account for the report: the account's own figures next to where it started. Starting
 * equity values the starting positions at their entry prices, as the account books them, so
 * `netPnl = equity − startingEquity` equals `realizedPnl + unrealizedPnl − commissionsPaid`.
 */
import type { AccountPnl } from '../../api/schemas/report.js'
import { Decimal, type AccountConfig, type AccountView } from '../../sim/index.js'

export function startingEquity(config: AccountConfig): Decimal {
  let equity = Decimal.parse(config.cash)
  for (const p of config.positions)
    equity = equity.add(Decimal.parse(p.qty).mul(Decimal.parse(p.avgEntryPrice)))
  return equity
}

export function accountPnl(view: AccountView, config: AccountConfig): AccountPnl {
  const start = startingEquity(config)
  return {
    accountId: view.id,
    currency: view.currency,
    startingCash: Decimal.parse(config.cash).toString(),
    startingEquity: start.toString(),
    cash: view.cash,
    marketValue: view.marketValue,
    equity: view.equity,
    realizedPnl: view.realizedPnl,
    unrealizedPnl: view.unrealizedPnl,
    commissionsPaid: view.commissionsPaid,
    netPnl: Decimal.parse(view.equity).sub(start).toString(),
  }
}
