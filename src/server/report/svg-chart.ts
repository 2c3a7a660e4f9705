/**
 * One symbol's price chart as inline SVG, drawn on the server so the HTML report needs no script:
 * bid, ask and last as step lines (a quote holds until the next one), fills as triangles (buys up
 * in green, sells down in red) and order submissions as hollow circles (at their limit or stop
 * price, kept inside the chart), each with a tooltip.
 * The time axis spans the whole timeline; quotes the journal no longer holds leave it blank.
 */
import type { PricePoint, PriceSeries } from '../../api/schemas/report.js'
import { escapeAttr, escapeText } from './escape.js'

export interface ChartMarker {
  timeMs: number
  price: number
  kind: 'buy' | 'sell' | 'order'
  /** Tooltip text. */
  label: string
}

export interface ChartFrame {
  startMs: number
  endMs: number
  width?: number
  height?: number
}

/** Colours the page's legend and the screenshot test share. */
export const CHART_COLORS = {
  bid: '#1f77b4',
  ask: '#ff7f0e',
  last: '#333333',
  buy: '#2ca02c',
  sell: '#d62728',
  order: '#7f4fbf',
} as const

const MARGIN = { left: 72, right: 16, top: 28, bottom: 34 }

export function priceChartSvg(
  series: PriceSeries,
  markers: readonly ChartMarker[],
  frame: ChartFrame,
): string {
  const width = frame.width ?? 1100
  const height = frame.height ?? 320
  const points = series.points.map((p) => ({ ms: Date.parse(p.time), p }))
  const times = [
    frame.startMs,
    frame.endMs,
    ...points.map((x) => x.ms),
    ...markers.map((m) => m.timeMs),
  ]
  const prices = [
    ...series.points.flatMap((p) => [Number(p.bid), Number(p.ask), Number(p.last)]),
    // Fills happen at market prices; an order's limit may be far away and would flatten the
    // chart, so order markers outside the range sit on its edge (their tooltip has the price).
    ...markers.filter((m) => m.kind !== 'order').map((m) => m.price),
  ]
  const x0 = Math.min(...times)
  const x1 = Math.max(x0 + 1, ...times)
  const [y0, y1] = paddedRange(prices)
  const plotW = width - MARGIN.left - MARGIN.right
  const plotH = height - MARGIN.top - MARGIN.bottom
  const sx = (ms: number) => round(MARGIN.left + ((ms - x0) / (x1 - x0)) * plotW)
  const sy = (price: number) => round(MARGIN.top + (1 - (price - y0) / (y1 - y0)) * plotH)
  const step = (pick: (p: PricePoint) => string) => stepPath(points, pick, sx, sy, sx(x1))
  return [
    `<svg class="chart" role="img" aria-label="${escapeAttr(`${series.symbol} prices`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="#ffffff" stroke="#cccccc"/>`,
    ...yAxis(y0, y1, sy, width),
    ...xAxis(x0, x1, sx, height),
    `<path d="${step((p) => p.ask)}" fill="none" stroke="${CHART_COLORS.ask}" stroke-width="2"/>`,
    `<path d="${step((p) => p.bid)}" fill="none" stroke="${CHART_COLORS.bid}" stroke-width="2"/>`,
    `<path d="${step((p) => p.last)}" fill="none" stroke="${CHART_COLORS.last}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    ...markers.map((m) => marker(m, sx(m.timeMs), sy(Math.min(y1, Math.max(y0, m.price))))),
    legend(width),
    '</svg>',
  ].join('\n')
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}

/** The price range with 8% padding; a flat market gets ±0.5% around its price. */
function paddedRange(prices: readonly number[]): [number, number] {
  const finite = prices.filter(Number.isFinite)
  if (finite.length === 0) return [0, 1]
  const lo = Math.min(...finite)
  const hi = Math.max(...finite)
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(lo) * 0.005, 0.01)
  return [lo - pad, hi + pad]
}

function stepPath(
  points: ReadonlyArray<{ ms: number; p: PricePoint }>,
  pick: (p: PricePoint) => string,
  sx: (ms: number) => number,
  sy: (price: number) => number,
  xEnd: number,
): string {
  if (points.length === 0) return ''
  const parts: string[] = []
  for (const [i, { ms, p }] of points.entries()) {
    const y = sy(Number(pick(p)))
    parts.push(i === 0 ? `M${sx(ms)} ${y}` : `H${sx(ms)} V${y}`)
  }
  parts.push(`H${xEnd}`)
  return parts.join(' ')
}

function yAxis(y0: number, y1: number, sy: (price: number) => number, width: number): string[] {
  const ticks = 5
  const decimals = y1 - y0 < 1 ? 4 : y1 - y0 < 100 ? 2 : 0
  const out: string[] = []
  for (let i = 0; i <= ticks; i++) {
    const price = y0 + ((y1 - y0) * i) / ticks
    const y = sy(price)
    out.push(
      `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y}" y2="${y}" stroke="#eeeeee"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end" class="tick">${price.toFixed(decimals)}</text>`,
    )
  }
  return out
}

function xAxis(x0: number, x1: number, sx: (ms: number) => number, height: number): string[] {
  const ticks = 6
  const withDate = x1 - x0 > 24 * 60 * 60 * 1000
  const out: string[] = []
  for (let i = 0; i <= ticks; i++) {
    const ms = Math.round(x0 + ((x1 - x0) * i) / ticks)
    const iso = new Date(ms).toISOString()
    const label = withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 19)
    const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle'
    out.push(
      `<text x="${sx(ms)}" y="${height - MARGIN.bottom + 18}" text-anchor="${anchor}" class="tick">${label}</text>`,
    )
  }
  return out
}

function marker(m: ChartMarker, x: number, y: number): string {
  const title = `<title>${escapeText(m.label)}</title>`
  if (m.kind === 'order')
    return `<circle cx="${x}" cy="${y}" r="5" fill="none" stroke="${CHART_COLORS.order}" stroke-width="2">${title}</circle>`
  const d =
    m.kind === 'buy'
      ? `M${x} ${round(y - 7)} L${round(x - 7)} ${round(y + 6)} L${round(x + 7)} ${round(y + 6)} Z`
      : `M${x} ${round(y + 7)} L${round(x - 7)} ${round(y - 6)} L${round(x + 7)} ${round(y - 6)} Z`
  return `<path d="${d}" fill="${CHART_COLORS[m.kind]}" stroke="#ffffff" stroke-width="1">${title}</path>`
}

function legend(width: number): string {
  const items: Array<[string, string, string]> = [
    ['bid', CHART_COLORS.bid, 'line'],
    ['ask', CHART_COLORS.ask, 'line'],
    ['last', CHART_COLORS.last, 'dash'],
    ['buy fill', CHART_COLORS.buy, 'up'],
    ['sell fill', CHART_COLORS.sell, 'down'],
    ['order sent', CHART_COLORS.order, 'circle'],
  ]
  let x = width - MARGIN.right - items.length * 92
  const out: string[] = []
  for (const [label, color, shape] of items) {
    const y = 14
    if (shape === 'line' || shape === 'dash')
      out.push(
        `<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"${shape === 'dash' ? ' stroke-dasharray="4 3"' : ''}/>`,
      )
    else if (shape === 'circle')
      out.push(
        `<circle cx="${x + 9}" cy="${y}" r="5" fill="none" stroke="${color}" stroke-width="2"/>`,
      )
    else
      out.push(
        `<path d="${shape === 'up' ? `M${x + 9} ${y - 6} L${x + 3} ${y + 5} L${x + 15} ${y + 5} Z` : `M${x + 9} ${y + 6} L${x + 3} ${y - 5} L${x + 15} ${y - 5} Z`}" fill="${color}"/>`,
      )
    out.push(`<text x="${x + 22}" y="${y + 4}" class="tick">${label}</text>`)
    x += 92
  }
  return `<g class="legend">${out.join('')}</g>`
}
