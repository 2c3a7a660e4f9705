/**
 * fast-check arbitraries for HTTP fuzzing, derived from the OpenAPI document: every operation's
 * path params, query params and JSON body, mostly-valid values with malformed ones mixed in
 * (wrong types, missing and extra fields, huge numbers, bad decimals, unicode, deep nesting, bad
 * ids), plus wrong methods, wrong content types, invalid JSON and unknown routes.
 */
import fc from 'fast-check'

type Schema = Record<string, unknown>

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema> }
}

interface Parameter {
  name: string
  in: string
  required?: boolean
  schema?: Schema
}

interface Operation {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
}

export interface FuzzOperation {
  method: string
  template: string
  params: Parameter[]
  bodySchema: Schema | undefined
}

/** Shown short in fast-check's counterexamples. */
function shown(req: Omit<FuzzRequest, typeof fc.toStringMethod>): FuzzRequest {
  const cut = (t: string) => (t.length > 300 ? `${t.slice(0, 300)}...(${t.length} chars)` : t)
  return Object.assign(req, {
    [fc.toStringMethod]: () =>
      `${req.method} ${cut(req.url)} headers=${JSON.stringify(req.headers)} body=${
        req.body === undefined ? '(none)' : cut(JSON.stringify(req.body))
      }`,
  })
}

export interface FuzzRequest {
  method: string
  /** The OpenAPI path template this request was derived from ('(unknown)' for random routes). */
  template: string
  /** Path and query, already encoded. */
  url: string
  headers: Record<string, string>
  body: string | undefined
  [fc.toStringMethod]: () => string
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

export function operationsOf(doc: OpenApiDoc): FuzzOperation[] {
  const ops: FuzzOperation[] = []
  for (const [template, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      if (!(METHODS as readonly string[]).includes(method)) continue
      ops.push({
        method: method.toUpperCase(),
        template,
        params: op.parameters ?? [],
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
      })
    }
  return ops
}

const unicodeStrings = fc.constantFrom(
  '',
  ' ',
  'é',
  '💥',
  '\u0000',
  '\u202e',
  '\ud800',
  '日本語',
  'A'.repeat(5000),
  '../../etc/passwd',
  "'; DROP TABLE orders;--",
  '<script>',
  '%00',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  'Infinity',
)

/** Values of the wrong shape, edge numbers, odd decimals and deep nesting. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -0,
    -1,
    1.5,
    -1e-9,
    2 ** 31,
    2 ** 53,
    2 ** 63,
    -(2 ** 53),
    1e308,
    -1e308,
    5e-324,
    [],
    {},
    [null],
    { __proto__: 1 },
  ),
  fc.constantFrom(
    '-1',
    '-0.01',
    '0',
    '00',
    '1e5',
    '1,5',
    '1.',
    '.5',
    '+1',
    ' 1',
    '0x10',
    'abc',
    '١٢٣',
    '99999999999999999999999999999999999999',
    '0.000000000000000000000000000001',
    '-99999999999999999999.99',
    'NaN',
    'Infinity',
    '2026-13-45T99:99:99.999Z',
    '1970-01-01T00:00:00.000Z',
  ),
  unicodeStrings,
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.integer({ min: 1, max: 3000 }).map((n) => deepNest(n)),
)

function deepNest(n: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < n; i++) value = i % 2 ? [value] : { a: value }
  return value
}

function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let s = schema
  for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++)
    s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] ?? {}
  return s
}

/** A mostly-valid value for `schema`; at every node, sometimes a nasty one instead. */
export function schemaArb(doc: OpenApiDoc, schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const valid = validArb(doc, resolve(doc, schema), depth)
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: nastyValue })
}

function validArb(doc: OpenApiDoc, s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return nastyValue
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]))
  if ('const' in s) return fc.constant(s.const)
  const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (alts?.length) return fc.oneof(...alts.map((a) => validArb(doc, resolve(doc, a), depth + 1)))
  const all = s.allOf as Schema[] | undefined
  if (all?.length) {
    const first = all.find((a) => a.$ref !== undefined || a.type !== undefined) ?? all[0]!
    return validArb(doc, resolve(doc, first), depth + 1)
  }
  const example = s.example === undefined ? [] : [fc.constant(s.example)]
  switch (s.type) {
    case 'string':
      if (s.format === 'date-time')
        return fc.oneof(
          ...example,
          fc
            .integer({ min: Date.UTC(2026, 0, 5, 14), max: Date.UTC(2026, 0, 6) })
            .map((t) => new Date(t).toISOString()),
        )
      return fc.oneof(
        ...example,
        fc.constantFrom('AAPL', 'DEMO', 'ord-000001', '1', '100.5'),
        fc.string({ maxLength: 12 }),
      )
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1000
      const max = typeof s.maximum === 'number' ? s.maximum : 100_000
      return fc.oneof(
        ...example,
        s.type === 'integer'
          ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31)) })
          : fc.double({ min, max, noNaN: true }),
      )
    }
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(schemaArb(doc, (s.items as Schema) ?? {}, depth + 1), { maxLength: 3 })
    case 'object':
    default: {
      const props = (s.properties ?? {}) as Record<string, Schema>
      const keys = Object.keys(props)
      if (keys.length === 0) return fc.oneof(...example, fc.constant({}))
      const required = (s.required ?? []) as string[]
      const model: Record<string, fc.Arbitrary<unknown>> = {}
      for (const k of keys) model[k] = schemaArb(doc, props[k]!, depth + 1)
      // Usually the required fields; sometimes some are missing; sometimes extra fields.
      const record = fc.oneof(
        { weight: 4, arbitrary: fc.record(model, { requiredKeys: required }) },
        { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
      )
      return fc
        .tuple(
          record,
          fc.option(fc.tuple(fc.constantFrom('extra', 'unknownField', '__proto__'), nastyValue), {
            freq: 5,
          }),
        )
        .map(([obj, extra]) => {
          const out = { ...(obj as object) } as Record<string, unknown>
          if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true })
          return out
        })
    }
  }
}

/** encodeURIComponent, except that lone surrogates become invalid UTF-8 bytes instead of throwing. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text)
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\u0000')).replaceAll(
      '%00',
      '%ED%A0%80',
    )
  }
}

const badIds = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '9'.repeat(40),
    'ord-999999',
    'x'.repeat(300),
    'DEMO ',
    'demo',
    'aapl',
    'AAPL.',
    '..',
    '.',
    '%2F',
    '%2e%2e',
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%00',
    'a%2Fb',
  ),
  unicodeStrings.map(encode),
  fc.string({ unit: 'grapheme', maxLength: 16 }).map(encode),
)

function paramValue(doc: OpenApiDoc, p: Parameter): fc.Arbitrary<string> {
  const valid = validArb(doc, resolve(doc, p.schema ?? {}), 0).map((v) =>
    encode(typeof v === 'string' ? v : JSON.stringify(v)),
  )
  const nasty = nastyValue.map((v) => encode(typeof v === 'string' ? v : (JSON.stringify(v) ?? '')))
  // Capped so the whole URL stays under Node's 16 KiB header limit (oversized URLs are answered by
  // Node's HTTP parser, not the app: the dedicated test in http-fuzz.test.ts covers them).
  return fc
    .oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: badIds }, nasty)
    .map((v) => v.slice(0, 3000))
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/merge-patch+json',
  'json',
  '',
  undefined,
)

const invalidJson = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '}',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    'nul',
    'undefined',
    'NaN',
    '\u0000',
    '\ufeff{}',
    '{"qty":1e999999}',
    '{"a":"\\ud800"}',
    '[1,2',
    'a=1&b=2',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
  ),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constant('{"a":"' + 'x'.repeat(1024 * 1024 + 10) + '"}'),
  fc.string({ maxLength: 40 }),
)

export function requestArb(doc: OpenApiDoc, ops: FuzzOperation[]): fc.Arbitrary<FuzzRequest> {
  const perOp = ops.map((op) => {
    const pathParams = op.params.filter((p) => p.in === 'path')
    const queryParams = op.params.filter((p) => p.in === 'query')
    const pathArb = fc.tuple(...pathParams.map((p) => paramValue(doc, p))).map((values) => {
      let path = op.template
      pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, values[i]!)))
      return path
    })
    const queryArb = fc
      .tuple(
        ...queryParams.map((p) => fc.option(paramValue(doc, p), { freq: 2 })),
        fc.option(fc.tuple(fc.constantFrom('extra', 'limit', '%ZZ', 'a[b]'), badIds), {
          freq: 4,
        }),
      )
      .map((values) => {
        const parts: string[] = []
        queryParams.forEach((p, i) => {
          const v = values[i] as string | null
          if (v !== null) parts.push(`${p.name}=${v}`)
        })
        const extra = values[queryParams.length] as [string, string] | null
        if (extra) parts.push(`${extra[0]}=${extra[1]}`)
        return parts.length ? `?${parts.join('&')}` : ''
      })
    const jsonBody = op.bodySchema
      ? schemaArb(doc, op.bodySchema).map((v) => JSON.stringify(v) ?? '')
      : nastyValue.map((v) => JSON.stringify(v) ?? '')
    const bodyArb = fc.oneof(
      { weight: 6, arbitrary: jsonBody },
      { weight: 2, arbitrary: invalidJson },
      { weight: 1, arbitrary: fc.constant(undefined) },
    )
    const methodArb = fc.oneof(
      { weight: 9, arbitrary: fc.constant(op.method) },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
    )
    return fc
      .record({
        method: methodArb,
        path: pathArb,
        query: queryArb,
        body: bodyArb,
        ct: contentTypes,
      })
      .map(({ method, path, query, body, ct }) => {
        const headers: Record<string, string> = {}
        if (ct !== undefined && body !== undefined) headers['content-type'] = ct
        const hasBody = body !== undefined && method !== 'GET'
        return shown({
          method,
          template: op.template,
          url: path + query,
          headers,
          body: hasBody ? body : undefined,
        })
      })
  })
  const unknownRoute = fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'DELETE'),
      path: fc.oneof(
        fc.constantFrom('/', '/v1', '/v2/ping', '/mock', '/v1/accounts/DEMO/unknown', '//v1/ping'),
        badIds.map((id) => `/v1/${id}`),
      ),
    })
    .map(({ method, path }) =>
      shown({ method, template: '(unknown)', url: path, headers: {}, body: undefined }),
    )
  return fc.oneof({ weight: ops.length, arbitrary: fc.oneof(...perOp) }, unknownRoute)
}
