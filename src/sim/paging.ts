/**
 * Cursor paging for list queries: items after the one whose id is `after`, at most `limit`.
 * An unknown cursor yields an empty page rather than restarting from the top.
 */
export interface Page<V> {
  items: V[]
  /** The cursor for the next page, or null on the last one. */
  next: string | null
}

export function pageAfter<T, V>(
  items: readonly T[],
  after: string | undefined,
  limit: number,
  idOf: (item: T) => string,
  view: (item: T) => V,
): Page<V> {
  let start = 0
  if (after !== undefined) {
    const i = items.findIndex((item) => idOf(item) === after)
    start = i < 0 ? items.length : i + 1
  }
  const slice = items.slice(start, start + limit)
  const last = slice[slice.length - 1]
  const more = start + limit < items.length
  return { items: slice.map(view), next: more && last !== undefined ? idOf(last) : null }
}
