/**
 * The committed OpenAPI document is the served one: generated from the same app and schemas.
 * When this fails, run `npm run openapi` and commit openapi/openapi.json with the change.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_ERROR_CODES } from '../src/api/index.js'
import { buildOpenApiJson, OPENAPI_PATH } from '../src/server/openapi-json.js'

describe('openapi/openapi.json', () => {
  const generated = buildOpenApiJson()

  it('matches the document the server generates (run `npm run openapi` when it does not)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(generated)
  })

  it('describes every operation with a summary, a tag and an operationId', () => {
    const document = JSON.parse(generated) as {
      paths: Record<
        string,
        Record<string, { summary?: string; tags?: string[]; operationId?: string }>
      >
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item))
    expect(operations.length).toBeGreaterThanOrEqual(26)
    for (const op of operations) {
      expect(op.summary, op.operationId).toBeTruthy()
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0)
      expect(op.operationId).toBeTruthy()
    }
  })

  it('documents every error code of the catalog', () => {
    for (const code of API_ERROR_CODES) expect(generated).toContain(`"${code}"`)
  })
})
