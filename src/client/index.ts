/** `mock-broker/client`: the typed HTTP client, its one error class and the typed stream. */
export * from './broker-client.js'
export * from './client-error.js'
export * from './broker-stream.js'
