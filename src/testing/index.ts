export { startMockBroker } from './start-mock-broker.js'
export type { MockBroker, StartMockBrokerOptions } from './start-mock-broker.js'
