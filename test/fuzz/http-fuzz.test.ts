/**
 * HTTP fuzzing (issue 10): requests derived from the OpenAPI document, malformed or random, sent
 * over real HTTP to one in-process broker. For every answer: never a 5xx; every 4xx is the
 * contract's error shape with `requestId` equal to `X-Request-Id`; a rejected (4xx) request leaves
 * the journal untouched. `FUZZ_RUNS` (default 300) sets the number of requests, `FUZZ_SEED`
 * (default 20260105) the fast-check seed.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConfigureRequestInput } from '../../src/api/index.js'
import { startMockBroker, type MockBroker } from '../../src/testing/index.js'
import {
  operationsOf,
  requestArb,
  type FuzzRequest,
  type OpenApiDoc,
} from './request-arbitraries.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 20260105)
const BASELINE = { seed: 1, symbols: ['AAPL'] } satisfies ConfigureRequestInput
const DOC = JSON.parse(
  readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'),
) as OpenApiDoc
/** Routes whose answers are not about the journal (Prometheus text, the docs UI). */
const NO_JOURNAL_CHECK = /^\/(metrics|docs)(\/|$|\?)/

let broker: MockBroker
const tally = { total: 0, byStatus: new Map<number, number>() }

beforeAll(async () => {
  broker = await startMockBroker({ port: 0, config: BASELINE })
})

afterAll(async () => {
  await broker?.close({ graceMs: 100 })
  const statuses = [...tally.byStatus].sort(([a], [b]) => a - b)
  console.log(`http-fuzz: ${tally.total} requests, statuses ${JSON.stringify(statuses)}`)
})

function repro(
  req: Pick<FuzzRequest, 'method' | 'url' | 'headers' | 'body'>,
  status: number,
  text: string,
): string {
  const body = req.body === undefined ? '(none)' : JSON.stringify(req.body.slice(0, 500))
  return (
    `${req.method} ${req.url.length > 300 ? `${req.url.slice(0, 300)}...(${req.url.length} chars)` : req.url} headers=${JSON.stringify(req.headers)} body=${body}` +
    `${(req.body?.length ?? 0) > 500 ? ` (${req.body!.length} chars)` : ''}` +
    ` -> ${status} ${text.slice(0, 500)}`
  )
}

async function restoreBaseline(): Promise<void> {
  const res = await fetch(`${broker.url}/mock/configure`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BASELINE),
  })
  expect(res.status, 'restoring the baseline world').toBe(200)
  await res.arrayBuffer()
}

async function check(req: Pick<FuzzRequest, 'method' | 'url' | 'headers' | 'body'>): Promise<void> {
  const seqBefore = broker.runtime.sim.journalPosition().seq
  const res = await fetch(`${broker.url}${req.url}`, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(15_000),
  })
  const text = await res.text()
  const seqAfter = broker.runtime.sim.journalPosition().seq
  tally.total++
  tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1)
  const where = repro(req, res.status, text)

  // The fault-free server never answers 5xx.
  expect(res.status, where).toBeLessThan(500)

  if (res.status >= 400) {
    expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/json/)
    let body: { error?: Record<string, unknown> } | undefined
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      throw new Error(`4xx body is not JSON: ${where}`)
    }
    const error = body?.error
    expect(typeof error?.code, where).toBe('string')
    expect(typeof error?.message, where).toBe('string')
    expect(error?.details !== null && typeof error?.details === 'object', where).toBe(true)
    expect(Array.isArray(error?.details), where).toBe(false)
    expect(typeof error?.requestId, where).toBe('string')
    expect(error?.requestId, where).toBe(res.headers.get('x-request-id'))
    if (!NO_JOURNAL_CHECK.test(req.url))
      expect(seqAfter, `journal seq moved: ${where}`).toBe(seqBefore)
  } else if (res.status < 300 && req.method !== 'GET' && req.url.startsWith('/mock/')) {
    // A random request that happened to be a valid control call (configure, reset, inject,
    // restore, advance...): put the baseline world back so faults or a realtime clock cannot leak.
    await restoreBaseline()
  }
}

describe('HTTP fuzzing from the OpenAPI document', () => {
  const ops = operationsOf(DOC)

  it('derives operations from every path of the document', () => {
    expect(new Set(ops.map((o) => o.template)).size).toBe(Object.keys(DOC.paths).length)
  })

  it('answers an oversized URL (beyond the 16 KiB header limit) with the error shape', async () => {
    await check({
      method: 'GET',
      url: `/v1/quotes/${'A'.repeat(20_000)}`,
      headers: {},
      body: undefined,
    })
  })

  it(
    `never 5xx, always the error shape, journal untouched on 4xx (seed ${SEED}, ${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(requestArb(DOC, ops), (req) => check(req)),
        { seed: SEED, numRuns: RUNS, endOnFailure: false, verbose: 1 },
      )
    },
    Math.max(20_000, RUNS * 50),
  )
})
