/**
 * The API reference over a real port (issue 8): `GET /docs` is a Swagger UI page of
 * `/openapi.json`, open without the control token, and the document it shows validates and lints
 * clean with the project's redocly configuration.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startClient, type Client } from '../support/broker.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const REDOCLY = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js')

let client: Client

beforeAll(async () => {
  client = await startClient({}, { controlToken: 'docs-secret' })
})

afterAll(async () => {
  await client.close()
})

it('serves a browsable reference of /openapi.json at /docs, without the control token', async () => {
  const res = await client.get('/docs')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  const html: string = res.body
  expect(html).toMatch(/^\s*<!doctype html>/i)
  expect(html).toContain("url: '/openapi.json'")
  const script = /<script src="([^"]*swagger-ui-bundle\.js)"/.exec(html)?.[1]
  const style = /<link rel="stylesheet" href="([^"]*swagger-ui\.css)"/.exec(html)?.[1]
  // Served by the broker itself, so the page works without internet.
  expect(script).toBe('/docs/assets/swagger-ui-dist@5/swagger-ui-bundle.js')
  expect(style).toBe('/docs/assets/swagger-ui-dist@5/swagger-ui.css')
  const js = await fetch(`${client.url}${script}`)
  expect(js.status).toBe(200)
  expect(js.headers.get('content-type')).toMatch(/^text\/javascript/)
  expect((await js.text()).length).toBeGreaterThan(100_000)
  const css = await fetch(`${client.url}${style}`)
  expect(css.headers.get('content-type')).toMatch(/^text\/css/)
  expect((await fetch(`${client.url}/docs/assets/swagger-ui-dist@5/package.json`)).status).toBe(404)
})

it('serves at /openapi.json a document that validates and lints clean', async () => {
  const res = await client.get('/openapi.json')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(res.body.openapi).toMatch(/^3\.1\./)

  const dir = await mkdtemp(join(tmpdir(), 'mock-broker-docs-'))
  try {
    const file = join(dir, 'openapi.json')
    await writeFile(file, JSON.stringify(res.body))
    const { code, output } = await redoclyLint(file)
    expect(code, output).toBe(0)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

/** `redocly lint` with the project's configuration, offline: no telemetry, no update check. */
function redoclyLint(file: string): Promise<{ code: number; output: string }> {
  const args = [
    REDOCLY,
    'lint',
    '--config',
    join(ROOT, 'redocly.yaml'),
    '--format',
    'stylish',
    file,
  ]
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      resolve({ code, output: `${stdout}${stderr}` })
    })
  })
}
