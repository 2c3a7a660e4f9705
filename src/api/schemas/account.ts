/**
 * Accounts and positions on the wire (CONTRACT.md section 1, "Accounts and auth", "Positions").
 *
 * Invariants the core keeps: `equity = cash + marketValue`; `realizedPnl` is gross of
 * commissions, which `commissionsPaid` sums. A position's `qty` is signed (negative is short);
 * REST lists leave flat positions out.
 */
import { z } from '@hono/zod-openapi'
import { DecimalString } from '../decimal-input.js'
import { AccountId, Currency, SymbolString } from './common.js'

export const Account = z
  .object({
    id: AccountId,
    currency: Currency,
    cash: DecimalString,
    equity: DecimalString.openapi({ description: 'cash + marketValue' }),
    buyingPower: DecimalString,
    marketValue: DecimalString,
    realizedPnl: DecimalString.openapi({ description: 'Gross of commissions.' }),
    unrealizedPnl: DecimalString,
    commissionsPaid: DecimalString,
    status: z.enum(['active']),
  })
  .openapi('Account')
export type Account = z.infer<typeof Account>

export const PositionSide = z.enum(['long', 'short', 'flat']).openapi('PositionSide')
export type PositionSide = z.infer<typeof PositionSide>

export const Position = z
  .object({
    symbol: SymbolString,
    qty: DecimalString.openapi({ description: 'Signed: negative is short.' }),
    side: PositionSide,
    avgEntryPrice: DecimalString,
    marketValue: DecimalString,
    costBasis: DecimalString,
    unrealizedPnl: DecimalString,
    realizedPnl: DecimalString,
    lastPrice: DecimalString,
  })
  .openapi('Position')
export type Position = z.infer<typeof Position>

export const AccountWithPositions = Account.extend({ positions: z.array(Position) }).openapi(
  'AccountWithPositions',
)
export type AccountWithPositions = z.infer<typeof AccountWithPositions>
