/**
 * Writes openapi/openapi.json from the same app that serves /openapi.json, so the committed
 * document is the served one. `npm run openapi`; a test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs'
import { buildOpenApiJson, OPENAPI_PATH } from '../src/server/openapi-json.js'

writeFileSync(OPENAPI_PATH, buildOpenApiJson())
console.log(`wrote ${OPENAPI_PATH}`)
