/**
 * The closed vocabularies of orders (CONTRACT.md section 1). The wire schemas in api/ declare the
 * same literals as zod enums; a type test turns any drift into a compile error.
 */
export const SIDES = ['buy', 'sell'] as const
export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const
export const TIMES_IN_FORCE = ['day', 'gtc', 'gtd', 'ioc', 'fok'] as const
export const ORDER_CLASSES = ['simple', 'bracket', 'oco', 'oto'] as const
export const ORDER_STATUSES = [
  'pending_new',
  'new',
  'partially_filled',
  'filled',
  'pending_cancel',
  'canceled',
  'pending_replace',
  'replaced',
  'rejected',
  'expired',
] as const
export const LIQUIDITIES = ['maker', 'taker'] as const

export type Side = (typeof SIDES)[number]
export type OrderType = (typeof ORDER_TYPES)[number]
export type TimeInForce = (typeof TIMES_IN_FORCE)[number]
export type OrderClass = (typeof ORDER_CLASSES)[number]
export type OrderStatus = (typeof ORDER_STATUSES)[number]
export type Liquidity = (typeof LIQUIDITIES)[number]
