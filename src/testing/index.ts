export { startMockBroker } from './start-mock-broker.js'
export type { MockBroker, StartMockBrokerOptions } from './start-mock-broker.js'
export { ScenarioBuilder, scenario } from './scenario-builder.js'
export type {
  AccountInput,
  FaultRuleBody,
  ScenarioBody,
  SymbolEntryInput,
  TimelineEntryInput,
} from './scenario-builder.js'
export {
  ExecutionMismatchError,
  MockBrokerTestHelper,
  WaitForOrderError,
  parsePrometheusText,
} from './test-helper.js'
export type {
  ExecutionCriteria,
  FieldCheck,
  MetricSample,
  MockBrokerTestHelperOptions,
  ParsedMetrics,
  StartTestHelperOptions,
  VerifyOptions,
  WaitForOrderOptions,
} from './test-helper.js'
