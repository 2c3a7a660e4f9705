/**
 * The test report over a real port: a scripted session (fills, a resting order, a risk
 * rejection, an injected fault, recorded verifications), then the report in its three formats,
 * fetched directly and by `mock-broker report`. The JUnit XML must parse with the expected test
 * cases; the HTML page must render in headless Chromium with its price chart drawn (skipped, with
 * the reason, when no Chromium is installed; CI installs Debian's `chromium`).
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runReportCommand } from '../../src/cli/report-command.js'
import { CHART_COLORS } from '../../src/server/report/svg-chart.js'
import { FLAT_WORLD, expectError, startClient, type Client } from '../support/broker.js'
import { findChromium, screenshot } from '../support/chromium.js'
import { decodePng, isPng, type Png } from '../support/png.js'

const ORDERS = '/v1/accounts/DEMO/orders'
const DIR = mkdtempSync(join(tmpdir(), 'e2e-report-'))
const CHROMIUM = findChromium()

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
  await script()
})

afterAll(async () => {
  await client.close()
})

/**
 * Buy 10 at market (fills at the 100.05 ask); a sell limit 5 @ 101 that fills at the 101.94 bid once
 * the price jumps 2%; a buy limit 5 @ 90 that rests; a sell of 100 the risk check rejects; a
 * 503 fault on one account read; a minute of market ticks; two verifications, one failing.
 */
async function script(): Promise<void> {
  await client.submitOrder({ symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' })
  await client.advance(5_000)
  await client.submitOrder({
    symbol: 'AAPL',
    side: 'sell',
    qty: '5',
    type: 'limit',
    limitPrice: '101',
  })
  await client.submitOrder({
    symbol: 'AAPL',
    side: 'buy',
    qty: '5',
    type: 'limit',
    limitPrice: '90',
  })
  const rejected = await client.post(ORDERS, {
    symbol: 'AAPL',
    side: 'sell',
    qty: '100',
    type: 'market',
  })
  expectError(rejected, 422, 'insufficient_position')
  await client.advance(10_000)
  await client.injectMarket({ kind: 'price_jump', symbol: 'AAPL', pct: 2 })
  const fault = {
    match: { operation: 'getAccount' },
    effect: { kind: 'error', status: 503 },
    times: 1,
  }
  expect((await client.post('/mock/inject', { type: 'fault', rule: fault })).status).toBe(201)
  expect((await client.get('/v1/accounts/DEMO')).status).toBe(503)
  await client.advance(45_000)
  const verify = (body: Record<string, unknown>) => client.post('/mock/verifications', body)
  expect((await verify({ name: 'the buy fills', ok: true, suite: 'e2e/report' })).status).toBe(201)
  const failing = {
    name: 'no order rests',
    ok: false,
    message: 'ord-000003 rests',
    suite: 'e2e/report',
  }
  expect((await verify(failing)).status).toBe(201)
}

describe('GET /mock/report over a real port', () => {
  it('summarizes the session as JSON', async () => {
    const res = await client.get('/mock/report')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const report = res.body
    expect(report).toMatchObject({
      seed: 7,
      timeline: { complete: true, durationMs: 60_000, end: '2026-01-05T14:31:00.000Z' },
      orders: {
        total: 4,
        byOutcome: { filled: 2, rejected: 1, open: 1, canceled: 0 },
        byType: { market: 2, limit: 2 },
        bySide: { buy: 2, sell: 2 },
      },
      fills: { count: 2, volume: '15', notional: '1510.2' },
      rejections: { total: 1, byReason: [{ reason: 'insufficient_position', count: 1 }] },
      faults: { total: 1, byKind: { error: 1 }, byOperation: { getAccount: 1 } },
      // No venue latency: acknowledged and (for the market order) filled at once.
      latency: { ack: { count: 3, max: 0 } },
      verifications: { total: 2, failed: 1, dropped: 0 },
    })
    expect(report.accounts[0]).toMatchObject({ accountId: 'DEMO', startingCash: '100000' })
    expect(report.checks.every((c: any) => c.status === 'passed')).toBe(true)
    const [aapl] = report.prices
    expect(aapl.symbol).toBe('AAPL')
    expect(aapl.quotes).toBeGreaterThanOrEqual(60)
    expect(aapl.points.at(-1)).toMatchObject({ bid: '101.94', ask: '102.06' })
  })

  it('renders the checks and verifications as JUnit XML that parses', async () => {
    const res = await client.get('/mock/report?format=junit')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const xml = res.body as string
    expect(XMLValidator.validate(xml)).toBe(true)
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    })
    const { testsuites } = parser.parse(xml)
    expect(testsuites).toMatchObject({ tests: '11', failures: '1', errors: '0' })
    const cases = testsuites.testsuite.flatMap((s: any) =>
      s.testcase.map((t: any) => [t.classname, t.name, t.failure?.message ?? null]),
    )
    expect(cases).toEqual([
      ['e2e/report', 'the buy fills', null],
      ['e2e/report', 'no order rests', 'ord-000003 rests'],
      ['mock-broker.world', 'journal holds the whole timeline', null],
      ['mock-broker.world', 'every fill is within its order limit price', null],
      ['mock-broker.world', 'every order matches its fills (quantity and average price)', null],
      ['mock-broker.world', 'every order is acknowledged within the venue latency', null],
      ['mock-broker.account.DEMO', 'account DEMO: cash + market value equals equity', null],
      [
        'mock-broker.account.DEMO',
        'account DEMO: cash equals starting cash plus the fills, less commissions',
        null,
      ],
      [
        'mock-broker.account.DEMO',
        'account DEMO: commissions paid equal the commissions of the fills',
        null,
      ],
      [
        'mock-broker.account.DEMO',
        'account DEMO: positions equal the starting positions plus the fills',
        null,
      ],
      [
        'mock-broker.account.DEMO',
        'account DEMO: equity change equals realized + unrealized P&L − commissions',
        null,
      ],
    ])
  })

  it('answers 400 invalid_request for an unknown format', async () => {
    expectError(await client.get('/mock/report?format=csv'), 400, 'invalid_request')
  })
})

describe('mock-broker report', () => {
  it('saves each format to a file, the same bytes GET answers', async () => {
    const quiet = console.log
    console.log = () => {}
    try {
      for (const [file, format] of [
        ['report.html', 'html'],
        ['report.xml', 'junit'],
        ['report.json', 'json'],
      ] as const) {
        const out = join(DIR, file)
        expect(await runReportCommand(['--url', client.url, '--out', out], {})).toBe(0)
        const served = await fetch(`${client.url}/mock/report?format=${format}`)
        expect(readFileSync(out, 'utf8')).toBe(await served.text())
      }
    } finally {
      console.log = quiet
    }
  })
})

describe('the HTML report in a browser', () => {
  it.skipIf(CHROMIUM === null)(
    'renders in headless Chromium with the price chart, fills and lines drawn' +
      (CHROMIUM === null ? ' (skipped: no chromium binary found; apt-get install chromium)' : ''),
    async () => {
      const res = await client.get('/mock/report?format=html')
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      const html = join(DIR, 'browser.html')
      const png = join(DIR, 'browser.png')
      writeFileSync(html, res.body as string)
      screenshot(CHROMIUM as string, html, png)
      const bytes = readFileSync(png)
      expect(isPng(bytes)).toBe(true)
      expect(statSync(png).size).toBeGreaterThan(20_000)
      const image = decodePng(bytes)
      expect([image.width, image.height]).toEqual([1200, 900])
      // The legend sits on the first row with the bid colour; below it is the plot.
      const legendRow = firstRow(image, CHART_COLORS.bid)
      expect(legendRow, 'no bid-coloured pixel: the chart did not render').not.toBeNull()
      const below = (color: string) => countBelow(image, color, (legendRow as number) + 16)
      expect(below(CHART_COLORS.bid), 'bid line').toBeGreaterThan(500)
      expect(below(CHART_COLORS.ask), 'ask line').toBeGreaterThan(500)
      expect(below(CHART_COLORS.buy), 'buy fill marker').toBeGreaterThan(20)
      expect(below(CHART_COLORS.sell), 'sell fill marker').toBeGreaterThan(20)
    },
    60_000,
  )
})

function near(image: Png, x: number, y: number, color: string): boolean {
  const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16))
  const got = image.rgb(x, y)
  return want.every((c, i) => Math.abs(c - (got[i] as number)) <= 24)
}

function firstRow(image: Png, color: string): number | null {
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) if (near(image, x, y, color)) return y
  return null
}

function countBelow(image: Png, color: string, fromRow: number): number {
  let count = 0
  for (let y = fromRow; y < image.height; y++)
    for (let x = 0; x < image.width; x++) if (near(image, x, y, color)) count++
  return count
}
