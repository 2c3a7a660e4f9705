/**
 * `GET /docs`: a browsable API reference (Swagger UI) of the document served at `/openapi.json`.
 * Like `/openapi.json` it needs no token, and it is never faulted.
 *
 * Swagger UI's script and stylesheet are served by this server, from the `swagger-ui-dist`
 * package, under `/docs/assets/swagger-ui-dist@5/`, so the page works where there is no internet
 * (a CI job, an air-gapped QA network, a container). `assetsBaseUrl` points the page at another
 * base instead (a CDN or a mirror serving `<base>/swagger-ui-dist@5/swagger-ui.css` and
 * `.../swagger-ui-bundle.js`).
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { swaggerUI } from '@hono/swagger-ui'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../request-context.js'

/** The path of the API reference and of the document it shows. */
export const DOCS_PATH = '/docs'
export const OPENAPI_JSON_PATH = '/openapi.json'

/** The `swagger-ui-dist` major version the page asks for (OpenAPI 3.1 needs 5). */
export const SWAGGER_UI_VERSION = '5'

/** Where this server serves Swagger UI's files. */
export const DOCS_ASSETS_BASE = `${DOCS_PATH}/assets`

/** The files the page loads, and their types; nothing else of the package is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}

export interface DocsOptions {
  /** Where the browser loads `swagger-ui-dist` from; default: this server. */
  assetsBaseUrl?: string | undefined
}

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>, options: DocsOptions = {}): void {
  app.get(
    DOCS_PATH,
    swaggerUI({
      url: OPENAPI_JSON_PATH,
      title: 'mock-broker API reference',
      version: SWAGGER_UI_VERSION,
      baseUrl: options.assetsBaseUrl ?? DOCS_ASSETS_BASE,
    }),
  )
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const cache = new Map<string, Promise<Buffer>>()
  app.get(`${DOCS_ASSETS_BASE}/swagger-ui-dist@${SWAGGER_UI_VERSION}/:file`, async (c) => {
    const file = c.req.param('file')
    const type = ASSETS[file]
    if (type === undefined) return c.notFound()
    let bytes = cache.get(file)
    if (bytes === undefined) {
      bytes = readFile(join(dist, file))
      cache.set(file, bytes)
    }
    return c.body(new Uint8Array(await bytes), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=86400',
    })
  })
}
