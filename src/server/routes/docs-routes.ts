/**
 * `GET /docs`: a browsable API reference (Swagger UI) of the document served at `/openapi.json`.
 * Like `/openapi.json` it needs no token, and it is never faulted.
 *
 * The page is a few lines of HTML; Swagger UI itself (its script and stylesheet) is loaded by the
 * browser from a CDN, jsDelivr's copy of the `swagger-ui-dist` npm package, major version 5 (the
 * first to render OpenAPI 3.1). So the page works only where the browser can reach that CDN: on a
 * machine without internet it answers, but stays blank. `@hono/swagger-ui` cannot serve the
 * assets itself; it takes another CDN base (`assetsBaseUrl`: an internal mirror that serves
 * `<base>/swagger-ui-dist@5/swagger-ui.css` and `.../swagger-ui-bundle.js`, such as a proxy of
 * jsDelivr or unpkg). Self-hosting would mean adding `swagger-ui-dist` as a dependency and serving
 * its files under such a base from this server.
 */
import { swaggerUI } from '@hono/swagger-ui'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../request-context.js'

/** The path of the API reference and of the document it shows. */
export const DOCS_PATH = '/docs'
export const OPENAPI_JSON_PATH = '/openapi.json'

/** The `swagger-ui-dist` version the page loads: the latest 5.x (OpenAPI 3.1 needs 5). */
export const SWAGGER_UI_VERSION = '5'

export interface DocsOptions {
  /** Where the browser loads `swagger-ui-dist` from; default: https://cdn.jsdelivr.net/npm. */
  assetsBaseUrl?: string | undefined
}

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>, options: DocsOptions = {}): void {
  app.get(
    DOCS_PATH,
    swaggerUI({
      url: OPENAPI_JSON_PATH,
      title: 'mock-broker API reference',
      version: SWAGGER_UI_VERSION,
      ...(options.assetsBaseUrl === undefined ? {} : { baseUrl: options.assetsBaseUrl }),
    }),
  )
}
