/** The package entry: start a broker in-process, or build the app yourself. */
export { startMockBroker } from './testing/index.js'
export type { MockBroker, StartMockBrokerOptions } from './testing/index.js'
export { createApp, openApiDocument } from './server/app.js'
export { BrokerRuntime } from './server/broker-runtime.js'
export { listen } from './server/listen.js'
