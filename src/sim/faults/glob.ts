/**
 * Globs for fault-rule matches: `*` is any run of characters (`/` included, so `/v1/*` covers
 * every route under it), `?` one character, everything else itself. Case-sensitive, whole
 * string. Compiled once per pattern.
 */
const compiled = new Map<string, RegExp>()

export function globMatches(pattern: string, text: string): boolean {
  let regex = compiled.get(pattern)
  if (!regex) {
    const body = [...pattern]
      .map((ch) =>
        ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.+()[\]{}|/]/g, '\\$&'),
      )
      .join('')
    regex = new RegExp(`^${body}$`, 's')
    compiled.set(pattern, regex)
  }
  return regex.test(text)
}
