/**
 * The committed OpenAPI document is the served one: generated from the same app and schemas.
 * When this fails, run `npm run openapi` and commit openapi/openapi.json with the change.
 *
 * Every operation reads well in the API reference (`GET /docs`): a summary, one of the three
 * tags, and examples of what it takes and answers. `npm run openapi:lint` checks the rest
 * (redocly.yaml), including that each example matches its schema.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_ERROR_CODES } from '../src/api/index.js'
import { buildOpenApiJson, OPENAPI_PATH } from '../src/server/openapi-json.js'

/** The tags the document declares; every operation has exactly one of them. */
const TAGS = ['broker', 'control', 'ops']

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

interface Exemplified {
  $ref?: string
  example?: unknown
  examples?: unknown
}

interface MediaType extends Exemplified {
  schema?: Exemplified
}

interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  requestBody?: { content?: Record<string, MediaType> }
  responses?: Record<string, { content?: Record<string, MediaType> }>
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Exemplified> }
}

describe('openapi/openapi.json', () => {
  const generated = buildOpenApiJson()
  const document = JSON.parse(generated) as OpenApiDocument
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  )

  /** A component schema by its `$ref`, following references to references. */
  function resolve(schema: Exemplified | undefined): Exemplified | undefined {
    const seen = new Set<string>()
    let current = schema
    while (current?.$ref !== undefined && !seen.has(current.$ref)) {
      seen.add(current.$ref)
      const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1]
      current = name === undefined ? undefined : document.components.schemas[name]
    }
    return current
  }

  /** An example of the media type: its own, or its schema's (the component's, for a `$ref`). */
  function hasExample(media: MediaType): boolean {
    const exemplified = (node: Exemplified | undefined): boolean =>
      node !== undefined &&
      (node.example !== undefined ||
        (Array.isArray(node.examples) && node.examples.length > 0) ||
        (typeof node.examples === 'object' &&
          node.examples !== null &&
          Object.keys(node.examples).length > 0))
    return exemplified(media) || exemplified(resolve(media.schema))
  }

  it('matches the document the server generates (run `npm run openapi` when it does not)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(generated)
  })

  it('describes every operation with a summary, one of its tags and an operationId', () => {
    expect(operations.length).toBeGreaterThanOrEqual(26)
    for (const { name, operation } of operations) {
      expect(operation.summary, name).toBeTruthy()
      expect(operation.tags, name).toHaveLength(1)
      expect(TAGS, name).toContain(operation.tags?.[0])
      expect(operation.operationId, name).toBeTruthy()
    }
  })

  it('gives an example of every request body and of every success answer', () => {
    for (const { name, operation } of operations) {
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
        expect(hasExample(media), `${name}: request body ${type}`).toBe(true)
      }
      const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
        /^2/.test(status),
      )
      expect(successes.length, name).toBeGreaterThan(0)
      for (const [status, response] of successes) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          expect(hasExample(media), `${name}: ${status} ${type}`).toBe(true)
        }
      }
    }
  })

  it('documents every error code of the catalog', () => {
    for (const code of API_ERROR_CODES) expect(generated).toContain(`"${code}"`)
  })
})
