/** Virtual epoch milliseconds <-> ISO-8601 UTC with milliseconds, the contract's time format. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}

/** Parses an ISO time; `undefined` when it is not one. */
export function parseIsoTime(text: string): number | undefined {
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}
