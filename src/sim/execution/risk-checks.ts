/**
 * Pre-trade risk checks, in the order a broker applies them: halted market, order-size limits,
 * daily loss, shorting, position limit, buying power. Each refusal names the limit, the value it
 * saw and how to get under it. Orders that only reduce a position skip the daily-loss check.
 */
import { Decimal } from '../decimal.js'
import { fail, ok, type Result } from '../result.js'
import type { World } from '../world.js'
import { openingQty, referencePrice, type OrderExposure } from './buying-power.js'
import { heldBuyingPower, pendingQty } from './exposure-index.js'

export function checkRisk(
  world: World,
  accountId: string,
  order: OrderExposure,
  /** The exposure key (buying-power.ts) of the set the order joins or replaces, left out. */
  excludeKey?: string,
): Result<null> {
  const account = world.account(accountId)
  const { limits } = account
  if (world.market(order.symbol).halted) {
    return fail('market_halted', `${order.symbol} is halted: orders are refused until it resumes`, {
      symbol: order.symbol,
    })
  }
  if (limits.maxOrderQty && order.qty.gt(limits.maxOrderQty)) {
    return limitExceeded('maxOrderQty', order.qty, limits.maxOrderQty, `order qty ${order.qty}`)
  }
  const notional = order.qty.mul(referencePrice(world, order))
  if (limits.maxOrderNotional && notional.gt(limits.maxOrderNotional)) {
    return limitExceeded(
      'maxOrderNotional',
      notional,
      limits.maxOrderNotional,
      `order notional ${notional}`,
    )
  }
  const positionQty = account.positionQty(order.symbol)
  const opening = openingQty(order.side, order.qty, positionQty)
  if (limits.dailyLossLimit && opening.isPositive()) {
    const dayPnl = account.equity(world.markOf).sub(account.dayStartEquity)
    if (dayPnl.lte(limits.dailyLossLimit.neg())) {
      return limitExceeded(
        'dailyLossLimit',
        dayPnl.neg(),
        limits.dailyLossLimit,
        `today's loss ${dayPnl.neg()}`,
      )
    }
  }
  // Leaves of the account's other working orders on the same side and symbol.
  const pending = pendingQty(world, accountId, order.symbol, order.side, excludeKey)
  if (!account.allowShort && order.side === 'sell') {
    const available = Decimal.max(Decimal.ZERO, positionQty).sub(pending)
    if (order.qty.gt(available)) {
      return fail(
        'insufficient_position',
        `cannot sell ${order.qty} ${order.symbol}: ${available} available and shorting is not allowed for account ${accountId}`,
        {
          symbol: order.symbol,
          requested: order.qty.toString(),
          available: Decimal.max(Decimal.ZERO, available).toString(),
        },
      )
    }
  }
  if (limits.maxPosition) {
    const signed =
      order.side === 'buy'
        ? positionQty.add(pending).add(order.qty)
        : positionQty.sub(pending).sub(order.qty)
    if (signed.abs().gt(limits.maxPosition) && signed.abs().gt(positionQty.abs())) {
      return limitExceeded(
        'maxPosition',
        signed.abs(),
        limits.maxPosition,
        `the resulting position ${signed}`,
      )
    }
  }
  const required = opening.mul(referencePrice(world, order))
  const available = account.buyingPower(
    world.markOf,
    heldBuyingPower(world, accountId, excludeKey, order.symbol),
  )
  if (required.gt(available)) {
    return fail(
      'insufficient_buying_power',
      `order needs ${required} ${account.currency} of buying power and account ${accountId} has ${available}`,
      { required: required.toString(), available: available.toString() },
    )
  }
  return ok(null)
}

function limitExceeded(limit: string, value: Decimal, max: Decimal, what: string): Result<null> {
  return fail('risk_limit_exceeded', `${what} exceeds ${limit} ${max}`, {
    limit,
    value: value.toString(),
    max: max.toString(),
  })
}
