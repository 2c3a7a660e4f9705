/** The OpenAPI document as committed under openapi/: built from a default app, pretty-printed. */
import { fileURLToPath } from 'node:url'
import { createApp, openApiDocument } from './app.js'
import { BrokerRuntime } from './broker-runtime.js'

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url))

export function buildOpenApiJson(): string {
  const app = createApp({ runtime: BrokerRuntime.boot({}), loadScenario: async () => ({}) })
  return `${JSON.stringify(openApiDocument(app), null, 2)}\n`
}
