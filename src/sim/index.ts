/** The public face of the core: the shell imports only from here. */
export { Simulation } from './simulation.js'
export type { WorldSnapshot, SimulationOptions } from './simulation.js'
export { WORLD_STATE_VERSION, type WorldState } from './snapshot/world-state.js'
export type { AdvanceOutcome, ClockView, OrderStatusFilter } from './simulation.js'
export { configureConfig, configureSimulation } from './configure.js'
export type {
  ConfigBody,
  ConfigInput,
  InstrumentInput,
  AccountInput,
} from './config/config-input.js'
export type * from './config/world-config.js'
export { DEFAULT_SEED, DEFAULT_CLOCK_START } from './config/defaults.js'
export type { SessionConfig } from './time/session-calendar.js'
export { isoTime, parseIsoTime } from './time/iso-time.js'
export { Decimal } from './decimal.js'
export type { OrderRequest, OrderPatch } from './orders/order-request.js'
export type { OrderView } from './orders/order.js'
export type { FillView } from './orders/fill.js'
export type { AccountView } from './accounts/account.js'
export type { PositionView } from './accounts/position.js'
export type { QuoteView, InstrumentView } from './market/quote-view.js'
export type { MarketEvent } from './market/market-event.js'
export type {
  BarFixture,
  BarRow,
  ReplayFixture,
  ReplaySeries,
  TickFixture,
  TickRow,
} from './market/replay/fixture.js'
export { MARKET_EVENT_KINDS, MARKET_EVENT_LIMITS } from './market/market-event.js'
export type { SubmitOutcome } from './execution/submit-order.js'
export type { Page } from './paging.js'
export { SIM_ERROR_CODES } from './result.js'
export type { Result, SimError, SimErrorCode } from './result.js'
export { EVENT_TYPES } from './journal/events.js'
export type { EventType, JournalEvent, Json, JsonObject } from './journal/events.js'
export type { EventFilter, JournalPosition } from './journal/journal.js'
export {
  ACCOUNT_CHANNELS,
  QUOTES_CHANNEL_PREFIX,
  quotesChannel,
  streamChannelOf,
  type AccountChannel,
} from './journal/stream-channel.js'
export {
  SIDES,
  ORDER_TYPES,
  TIMES_IN_FORCE,
  ORDER_CLASSES,
  ORDER_STATUSES,
  LIQUIDITIES,
} from './orders/order-vocabulary.js'
export type {
  Side,
  OrderType,
  TimeInForce,
  OrderClass,
  OrderStatus,
  Liquidity,
} from './orders/order-vocabulary.js'
export { legalTransitions, TERMINAL_STATUSES } from './orders/order-status.js'
export { LIMITS } from './limits.js'
export { sampleDistribution } from './random/distribution.js'
export type { Distribution } from './random/distribution.js'
export {
  FAULT_KINDS,
  FAULT_OPERATIONS,
  HTTP_FAULT_KINDS,
  ORDER_FAULT_KINDS,
  STREAM_FAULT_KINDS,
} from './faults/fault-rule.js'
export type {
  FaultCall,
  FaultDecision,
  FaultEffect,
  FaultKind,
  FaultMatch,
  FaultOperation,
  FaultRuleSpec,
  FaultRuleView,
  FiredFault,
  StreamCall,
} from './faults/fault-rule.js'
export type { FaultEffectInput, FaultRuleInput } from './faults/fault-rule-input.js'
export type { CommandOptions } from './simulation.js'
export { globMatches } from './faults/glob.js'
