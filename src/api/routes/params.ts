/**
 * Path parameters of the routes. Hono hands them in as strings; symbols arrive upper-cased.
 */
import { z } from '@hono/zod-openapi'
import { AccountId, ClientOrderId, OrderId, SymbolInput } from '../schemas/common.js'

export const SymbolParams = z.object({ symbol: SymbolInput })

export const AccountParams = z.object({ accountId: AccountId })

export const OrderParams = AccountParams.extend({ orderId: OrderId })

export const ClientOrderParams = AccountParams.extend({ clientOrderId: ClientOrderId })

export const PositionParams = AccountParams.extend({ symbol: SymbolInput })
