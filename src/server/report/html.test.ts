/**
 * The HTML page is self-contained (nothing fetched from elsewhere), escapes what it shows, and has
 * a chart per symbol with the fills and orders on it. How it looks is checked in headless
 * Chromium by test/e2e/report.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { advance, flatWorld, jump, submit } from '../../../test/support/sim-world.js'
import { buildReport } from './build-report.js'
import { renderHtml } from './html.js'
import { CHART_COLORS } from './svg-chart.js'

function page(name = 'fills in time'): string {
  const sim = flatWorld({
    symbols: [
      { symbol: 'TEST', price: '100' },
      { symbol: 'OTHER', price: '50' },
    ],
    market: { volatility: 1 },
  })
  submit(sim, { qty: '10' })
  advance(sim, 30_000)
  submit(sim, { side: 'sell', qty: '10' })
  submit(sim, { side: 'buy', qty: '5', type: 'limit', limitPrice: '1' })
  jump(sim, '55', 'OTHER')
  advance(sim, 30_000)
  const verification = {
    id: 'ver-000001',
    name,
    suite: null,
    ok: false,
    message: 'late',
    details: null,
    time: '2026-01-05T14:30:00.000Z',
    seq: 1,
  }
  return renderHtml(buildReport(sim, { verifications: [verification], dropped: 0 }))
}

describe('renderHtml', () => {
  it('is one self-contained document: no script and nothing loaded from elsewhere', () => {
    const html = page()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|https?:\/\//i)
  })

  it('titles the page with the scenario and seed, and gives the verdict', () => {
    const html = page()
    expect(html).toContain('<title>mock-broker report: scenario default, seed 7</title>')
    expect(html).toContain('1 of 10 checks and verifications failed.')
  })

  it('draws a chart per symbol with bid, ask and last, fills and order markers', () => {
    const html = page()
    const charts = html.match(/<svg class="chart"[\s\S]*?<\/svg>/g) ?? []
    expect(charts).toHaveLength(2)
    const [test, other] = charts as [string, string]
    expect(test).toContain('aria-label="TEST prices"')
    for (const color of [CHART_COLORS.bid, CHART_COLORS.ask, CHART_COLORS.last])
      expect(test).toMatch(new RegExp(`<path d="M[^"]+H[^"]+" fill="none" stroke="${color}"`))
    // One buy and one sell fill, three orders sent; nothing traded in OTHER.
    expect(test.match(new RegExp(`fill="${CHART_COLORS.buy}" stroke`, 'g'))).toHaveLength(1)
    expect(test.match(new RegExp(`fill="${CHART_COLORS.sell}" stroke`, 'g'))).toHaveLength(1)
    expect(test.match(/<circle [^>]*stroke-width="2"><title>/g)).toHaveLength(3)
    expect(other).toContain('aria-label="OTHER prices"')
    expect(other).not.toMatch(/<title>fill-/)
  })

  it('lists every order and fill in its tables', () => {
    const html = page()
    for (const id of ['ord-000001', 'ord-000002', 'ord-000003', 'fill-000001', 'fill-000002'])
      expect(html).toContain(`<td>${id}</td>`)
    expect(html).toContain('<h2>Orders (3)</h2>')
    expect(html).toContain('<h2>Fills (2)</h2>')
  })

  it('escapes text that would otherwise be markup', () => {
    const html = page('<script>alert("x")</script> & more')
    expect(html).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; more')
    expect(html).not.toContain('<script>')
  })
})
