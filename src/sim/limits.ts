/**
 * Every bound of the core in one place (TigerBeetle's "put a limit on everything"). Hitting one
 * is either an explicit rejection with a stable code or an invariant failure, never silent growth.
 */
export const LIMITS = {
  /** Journal events kept in memory; older ones are forgotten (seq and hash carry on). */
  journalRetention: 100_000,
  /**
   * Closed orders (with their fills) a world keeps; older ones are forgotten, open ones never
   * (execution/order-retention.ts).
   */
  orderRetention: 20_000,
  /** Orders one world holds, open or closed; a submit beyond it is rejected as invalid_order. */
  ordersPerWorld: 1_000_000,
  /** Digits kept when a division (average prices) cannot be exact. */
  priceScaleDigits: 8,
  /** The longest single advance, so a typo cannot spin the core for hours: one year. */
  advanceMsMax: 366 * 24 * 60 * 60 * 1000,
  /** Virtual time stays within what ISO-8601 writes with four-digit years: 1970 to 9999. */
  timeMsMin: 0,
  timeMsMax: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
  /** The highest mid a price model or event may set; beyond it prices are clamped. */
  priceMax: 1e12,
  /** The longest delay a distribution yields (sampled venue latency): one hour; longer clamps. */
  delayMsMax: 60 * 60 * 1000,
  /** Page sizes of list queries. */
  pageSizeMax: 1000,
} as const
