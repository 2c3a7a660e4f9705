/** Virtual epoch milliseconds <-> ISO-8601 UTC with milliseconds, the contract's time format. */
export function isoTime(ms: number): string {
  // Every symbol's quote on a market tick carries the same time: format it once per tick.
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString()
    lastMs = ms
  }
  return lastText
}

let lastMs = Number.NaN
let lastText = ''

/** Parses an ISO time; `undefined` when it is not one. */
export function parseIsoTime(text: string): number | undefined {
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}
