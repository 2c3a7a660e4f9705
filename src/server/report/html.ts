/**
 * The report as one self-contained HTML page: no script, no external style, font or image, so it
 * opens from a CI artifact or an e-mail as it is. At the top, the verdict (checks and
 * verifications) and a price chart per symbol with the fills and order submissions on it; below,
 * the summary tables, then every order and fill the report lists.
 */
import type { Order } from '../../api/schemas/order.js'
import type { PriceSeries, Report } from '../../api/schemas/report.js'
import { escapeText } from './escape.js'
import { CHART_COLORS, priceChartSvg, type ChartMarker } from './svg-chart.js'

/** A table cell: text (numbers right-aligned), nothing, or markup made here. */
type Cell = string | number | null | { html: string }

export function renderHtml(report: Report): string {
  const title = `mock-broker report: scenario ${report.scenario ?? 'default'}, seed ${report.seed}`
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeText(title)}</h1>`,
    timelineLine(report),
    verdict(report),
    summaryCards(report),
    '<h2>Prices</h2>',
    ...report.prices.map((series) => chart(series, report)),
    checksSection(report),
    accountsSection(report),
    latencySection(report),
    breakdownSection(report),
    ordersSection(report),
    fillsSection(report),
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

const STYLE = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 16px 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid #ddd; }
.muted { color: #666; }
.banner { padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
.ok { background: #e6f4ea; color: #1e6b35; }
.bad { background: #fdecea; color: #a11d1d; }
.warn { background: #fff4e0; color: #8a5a00; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.card { border: 1px solid #ddd; border-radius: 4px; padding: 6px 12px; min-width: 110px; }
.card b { display: block; font-size: 18px; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; margin: 4px 0 12px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.passed { color: #1e6b35; font-weight: 600; }
.failed { color: #a11d1d; font-weight: 600; }
.skipped { color: #8a5a00; font-weight: 600; }
.buy { color: ${CHART_COLORS.buy}; }
.sell { color: ${CHART_COLORS.sell}; }
figure { margin: 0 0 12px; }
figcaption { font-weight: 600; margin-bottom: 2px; }
svg.chart { max-width: 100%; height: auto; }
svg .tick { font-size: 11px; fill: #555; }
`

function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  if (rows.length === 0) return '<p class="muted">None.</p>'
  const head = headers.map((h) => `<th>${escapeText(h)}</th>`).join('')
  const body = rows.map((row) => `<tr>${row.map((cell) => td(cell)).join('')}</tr>`).join('\n')
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

function td(cell: Cell): string {
  if (cell === null) return '<td class="muted">–</td>'
  if (typeof cell === 'object') return `<td>${cell.html}</td>`
  if (typeof cell === 'number' || /^-?\d+(\.\d+)?$/.test(cell))
    return `<td class="num">${escapeText(String(cell))}</td>`
  return `<td>${escapeText(cell)}</td>`
}

/** `2026-01-05T14:30:00.000Z` → `2026-01-05 14:30:00.000`. */
function when(iso: string | null): string | null {
  return iso === null ? null : iso.replace('T', ' ').replace('Z', '')
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  const s = ms / 1000
  if (s < 120) return `${s} s`
  if (s < 7200) return `${(s / 60).toFixed(1)} min`
  return `${(s / 3600).toFixed(1)} h`
}

function timelineLine({ timeline }: Report): string {
  return (
    `<p class="muted">Virtual time ${escapeText(when(timeline.start) ?? '')} → ` +
    `${escapeText(when(timeline.end) ?? '')} (${duration(timeline.durationMs)}) · epoch ` +
    `${timeline.epoch} · journal seq ${timeline.seq} · hash <code>${escapeText(timeline.hash)}</code></p>`
  )
}

function verdict(report: Report): string {
  const failedChecks = report.checks.filter((c) => c.status === 'failed').length
  const failed = failedChecks + report.verifications.failed
  const total = report.checks.length + report.verifications.total
  const out = [
    failed === 0
      ? `<div class="banner ok">All ${total} checks and verifications passed (skipped ones aside).</div>`
      : `<div class="banner bad">${failed} of ${total} checks and verifications failed.</div>`,
  ]
  if (!report.timeline.complete)
    out.push(
      `<div class="banner warn">Partial journal: it holds events from seq ${report.timeline.firstRetainedSeq} ` +
        'on, so the price charts and faults show only the later part of the run.</div>',
    )
  return out.join('\n')
}

function summaryCards(report: Report): string {
  const cards: Array<[string, string | number]> = [
    ['orders', report.orders.total],
    ['filled', report.orders.byOutcome.filled],
    ['rejected', report.rejections.total],
    ['fills', report.fills.count],
    ['volume', report.fills.volume],
    ['faults applied', report.faults.total],
    ['ack p50 (ms)', report.latency.ack.p50 ?? '–'],
    ['fill p50 (ms)', report.latency.filled.p50 ?? '–'],
  ]
  const html = cards
    .map(
      ([label, value]) =>
        `<div class="card"><b>${escapeText(String(value))}</b>${escapeText(label)}</div>`,
    )
    .join('')
  return `<div class="cards">${html}</div>`
}

function chart(series: PriceSeries, report: Report): string {
  const markers: ChartMarker[] = []
  for (const fill of report.fills.list) {
    if (fill.symbol !== series.symbol) continue
    markers.push({
      timeMs: Date.parse(fill.time),
      price: Number(fill.price),
      kind: fill.side,
      label: `${fill.id}: ${fill.side} ${fill.qty} @ ${fill.price} (${fill.orderId}, ${when(fill.time)})`,
    })
  }
  for (const order of report.orders.list) {
    if (order.symbol !== series.symbol) continue
    const price = orderPrice(order, series)
    if (price === null) continue
    markers.push({
      timeMs: Date.parse(order.createdAt),
      price,
      kind: 'order',
      label: `${order.id}: ${order.side} ${order.qty} ${order.type}${order.limitPrice === null ? '' : ` limit ${order.limitPrice}`} → ${order.status} (${when(order.createdAt)})`,
    })
  }
  const frame = {
    startMs: Date.parse(report.timeline.start),
    endMs: Date.parse(report.timeline.end),
  }
  const caption = `${series.symbol} <span class="muted">(${series.quotes} quotes, ${series.points.length} drawn)</span>`
  return `<figure><figcaption>${caption}</figcaption>\n${priceChartSvg(series, markers, frame)}\n</figure>`
}

/** Where an order's marker goes: its limit or stop price, else the last price when it was sent. */
function orderPrice(order: Order, series: PriceSeries): number | null {
  const own = order.limitPrice ?? order.stopPrice
  if (own !== null) return Number(own)
  const createdMs = Date.parse(order.createdAt)
  let price: number | null = null
  for (const point of series.points) {
    if (Date.parse(point.time) > createdMs) break
    price = Number(point.last)
  }
  return price ?? (series.points[0] === undefined ? null : Number(series.points[0].last))
}

function checksSection(report: Report): string {
  const checkRows = report.checks.map((c) => [
    c.accountId === null ? 'world' : `account ${c.accountId}`,
    c.name,
    status(c.status),
    c.message,
  ])
  const verificationRows = report.verifications.list.map((v) => [
    v.suite,
    v.name,
    status(v.ok ? 'passed' : 'failed'),
    v.message,
    when(v.time),
  ])
  const dropped =
    report.verifications.dropped > 0
      ? `<p class="muted">${report.verifications.dropped} older verifications were dropped.</p>`
      : ''
  return [
    '<h2>Checks</h2>',
    table(['scope', 'check', 'result', 'message'], checkRows),
    '<h2>Verifications</h2>',
    table(['suite', 'verification', 'result', 'message', 'virtual time'], verificationRows),
    dropped,
  ].join('\n')
}

function status(s: 'passed' | 'failed' | 'skipped'): Cell {
  return { html: `<span class="${s}">${s}</span>` }
}

function side(s: 'buy' | 'sell'): Cell {
  return { html: `<span class="${s}">${s}</span>` }
}

function accountsSection(report: Report): string {
  const rows = report.accounts.map((a) => [
    a.accountId,
    a.currency,
    a.startingEquity,
    a.cash,
    a.marketValue,
    a.equity,
    a.realizedPnl,
    a.unrealizedPnl,
    a.commissionsPaid,
    a.netPnl,
  ])
  const headers = ['account', 'ccy', 'starting equity', 'cash', 'market value', 'equity']
  return [
    '<h2>P&amp;L per account</h2>',
    table([...headers, 'realized', 'unrealized', 'commissions', 'net P&L'], rows),
  ].join('\n')
}

function latencySection({ latency }: Report): string {
  const rows = (
    [
      ['acknowledgement (sent → accepted)', latency.ack],
      ['first fill (sent → first fill)', latency.firstFill],
      ['filled (sent → filled)', latency.filled],
    ] as const
  ).map(([label, s]) => [label, s.count, s.p50, s.p90, s.p99, s.max])
  return [
    '<h2>Latency (virtual ms)</h2>',
    table(['', 'orders', 'p50', 'p90', 'p99', 'max'], rows),
  ].join('\n')
}

function breakdownSection(report: Report): string {
  const counts = (record: Record<string, number>) => Object.entries(record)
  const { orders, rejections, faults, fills } = report
  return [
    '<h2>Breakdown</h2>',
    '<div class="row">',
    `<div><h3>Orders by outcome</h3>${table(['outcome', 'orders'], counts(orders.byOutcome))}</div>`,
    `<div><h3>By type</h3>${table(['type', 'orders'], counts(orders.byType))}</div>`,
    `<div><h3>By side</h3>${table(['side', 'orders'], counts(orders.bySide))}</div>`,
    `<div><h3>Fills by symbol</h3>${table(
      ['symbol', 'fills', 'volume', 'notional'],
      fills.bySymbol.map((s) => [s.symbol, s.count, s.volume, s.notional]),
    )}</div>`,
    '</div>',
    '<div class="row">',
    `<div><h3>Rejections by reason</h3>${table(
      ['reason', 'orders', 'example'],
      rejections.byReason.map((r) => [r.reason, r.count, r.example]),
    )}</div>`,
    `<div><h3>Faults by kind</h3>${table(['kind', 'applied'], counts(faults.byKind))}</div>`,
    `<div><h3>By operation</h3>${table(['operation', 'applied'], counts(faults.byOperation))}</div>`,
    `<div><h3>By rule</h3>${table(
      ['rule', 'kind', 'applied'],
      faults.byRule.map((r) => [r.ruleId, r.kind, r.count]),
    )}</div>`,
    '</div>',
  ].join('\n')
}

function ordersSection({ orders }: Report): string {
  const rows = orders.list.map((o) => [
    o.id,
    o.accountId,
    o.symbol,
    side(o.side),
    o.type,
    o.qty,
    o.limitPrice,
    o.stopPrice,
    o.status,
    o.filledQty,
    o.avgFillPrice,
    when(o.createdAt),
    o.rejectReason,
  ])
  const headers = ['id', 'account', 'symbol', 'side', 'type', 'qty', 'limit', 'stop', 'status']
  return [
    `<h2>Orders (${orders.total})</h2>`,
    omitted(orders.omitted, 'orders'),
    table([...headers, 'filled', 'avg price', 'created', 'reject reason'], rows),
  ].join('\n')
}

function fillsSection({ fills }: Report): string {
  const rows = fills.list.map((f) => [
    f.id,
    f.orderId,
    f.accountId,
    f.symbol,
    side(f.side),
    f.qty,
    f.price,
    f.commission,
    f.liquidity,
    when(f.time),
  ])
  const headers = ['id', 'order', 'account', 'symbol', 'side', 'qty', 'price', 'commission']
  return [
    `<h2>Fills (${fills.count})</h2>`,
    omitted(fills.omitted, 'fills'),
    table([...headers, 'liquidity', 'time'], rows),
  ].join('\n')
}

function omitted(count: number, what: string): string {
  return count > 0 ? `<p class="muted">The ${count} oldest ${what} are left out.</p>` : ''
}
