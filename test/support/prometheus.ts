/** Reading a `/metrics` scrape in tests, with the test helper's parser. */
import { parsePrometheusText } from '../../src/testing/test-helper.js'

/** The sum of the samples of `name` whose labels include `labels`; throws when there is none. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const series = (parsePrometheusText(text)[name] ?? []).filter((s) =>
    Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  )
  if (series.length === 0)
    throw new Error(`no sample ${name} ${JSON.stringify(labels)} in the scrape`)
  return series.reduce((sum, s) => sum + s.value, 0)
}
