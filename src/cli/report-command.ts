/**
 * `mock-broker report`: fetches `GET /mock/report` from a running mock-broker and writes it to a
 * file, for a CI job to attach. The format comes from `--format`, else from the file's extension
 * (`.html`/`.htm`, `.json`, `.xml`), else HTML. Sends the control token (MOCK_CONTROL_TOKEN) when
 * one is set. Exit codes: 0 written, 1 the fetch or the write failed, 2 a usage error.
 */
import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'

export const REPORT_USAGE = `Usage: mock-broker report --url URL --out FILE [--format html|json|junit]

Fetches the test report of a running mock-broker (GET /mock/report) and writes it to FILE.

Options:
  --url URL         where the mock-broker listens, e.g. http://localhost:4100   [MOCK_BROKER_URL]
  --out FILE        the file to write
  --format FORMAT   html | json | junit (default: from the extension of FILE:
                    .html/.htm html, .json json, .xml junit; otherwise html)
  -h, --help        show this help

Sends Authorization: Bearer $MOCK_CONTROL_TOKEN when that variable is set.`

const FORMATS = ['html', 'json', 'junit'] as const
type Format = (typeof FORMATS)[number]

/** How long the report may take to arrive. */
const FETCH_TIMEOUT_MS = 60_000

class UsageError extends Error {}

interface ReportOptions {
  url: URL
  out: string
  format: Format
}

/** Runs the command; answers the exit code. Messages go to stdout and stderr. */
export async function runReportCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options: ReportOptions | 'help'
  try {
    options = parseReportOptions(argv, env)
  } catch (error) {
    if (!(error instanceof UsageError || isParseArgsError(error))) throw error
    console.error(`mock-broker report: ${(error as Error).message}\n\n${REPORT_USAGE}`)
    return 2
  }
  if (options === 'help') {
    console.log(REPORT_USAGE)
    return 0
  }
  const target = new URL(`mock/report?format=${options.format}`, withSlash(options.url))
  const token = env.MOCK_CONTROL_TOKEN
  let res: Response
  try {
    res = await fetch(target, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    })
  } catch (error) {
    console.error(`mock-broker report: could not fetch ${target.href}: ${describe(error)}`)
    return 1
  }
  const body = await res.text()
  if (res.status !== 200) {
    console.error(
      `mock-broker report: GET ${target.href} answered ${res.status}: ${errorText(body)}`,
    )
    return 1
  }
  try {
    await writeFile(options.out, body)
  } catch (error) {
    console.error(`mock-broker report: could not write ${options.out}: ${describe(error)}`)
    return 1
  }
  console.log(
    `mock-broker report: wrote ${options.out} (${options.format}, ${body.length} characters)`,
  )
  return 0
}

export function parseReportOptions(argv: string[], env: NodeJS.ProcessEnv): ReportOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.help) return 'help'
  const url = values.url ?? env.MOCK_BROKER_URL
  if (url === undefined || url === '') throw new UsageError('--url is required')
  if (values.out === undefined || values.out === '') throw new UsageError('--out is required')
  return { url: parseUrl(url), out: values.out, format: formatOf(values.format, values.out) }
}

function parseUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`--url must be an http(s) URL such as http://localhost:4100, was ${text}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--url must be an http(s) URL such as http://localhost:4100, was ${text}`)
  return url
}

function formatOf(flag: string | undefined, out: string): Format {
  if (flag !== undefined) {
    if ((FORMATS as readonly string[]).includes(flag)) return flag as Format
    throw new UsageError(`--format must be html, json or junit, was ${flag}`)
  }
  const ext = extname(out).toLowerCase()
  if (ext === '.json') return 'json'
  if (ext === '.xml') return 'junit'
  return 'html'
}

/** A base URL ending in `/`, so a path prefix (`http://host/broker`) is kept. */
function withSlash(url: URL): URL {
  const copy = new URL(url)
  if (!copy.pathname.endsWith('/')) copy.pathname = `${copy.pathname}/`
  copy.search = ''
  copy.hash = ''
  return copy
}

function isParseArgsError(error: unknown): boolean {
  return (
    error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
  )
}

/** The contract's error message when the body is one, else the start of the body. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } }
    if (parsed.error?.code !== undefined) return `${parsed.error.code}: ${parsed.error.message}`
  } catch {
    // Not JSON: show the text as it is.
  }
  return body.length > 500 ? `${body.slice(0, 500)}…` : body || '(empty body)'
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : ''
  return `${error.message}${cause}`
}
