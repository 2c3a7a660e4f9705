/**
 * The conventions of every HTTP surface (CONTRACT.md section 0) over a real port: the
 * `X-Request-Id` and `X-Mock-Time` headers, decimals as strings (and numbers accepted), ISO times
 * with milliseconds, and the one error shape. Every refusal of malformed or invalid input is
 * checked to leave the journal where it was; none of them may be a 5xx.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  DECIMAL,
  FLAT_WORLD,
  ISO_MS,
  START,
  at,
  expectError,
  expectRefused,
  startClient,
  type Client,
  type JsonResponse,
} from '../support/broker.js'

const ORDERS = '/v1/accounts/DEMO/orders'
const MARKET_BUY = { symbol: 'AAPL', side: 'buy', qty: '10', type: 'market' }
const RESTING_BUY = { ...MARKET_BUY, type: 'limit', limitPrice: '99', timeInForce: 'gtc' }

let client: Client

beforeAll(async () => {
  client = await startClient(FLAT_WORLD)
})

afterAll(async () => {
  await client.close()
})

/** A world with an open position, a resting order and fills, so every route has data. */
async function busyWorld(): Promise<{ filled: any; resting: any }> {
  await client.configure(FLAT_WORLD)
  const filled = (await client.post(ORDERS, { ...MARKET_BUY, clientOrderId: 'busy-1' })).body
  const resting = (await client.post(ORDERS, RESTING_BUY)).body
  await client.advance(1_000)
  return { filled, resting }
}

/** One GET of each route, success and error alike. */
function everyGet(orderId: string): string[] {
  return [
    '/v1/ping',
    '/v1/clock',
    '/v1/symbols',
    '/v1/quotes',
    '/v1/quotes/AAPL',
    '/v1/accounts',
    '/v1/accounts/DEMO',
    ORDERS,
    `${ORDERS}/${orderId}`,
    `${ORDERS}/by-client-id/busy-1`,
    '/v1/accounts/DEMO/positions',
    '/v1/accounts/DEMO/positions/AAPL',
    '/v1/accounts/DEMO/fills',
    '/mock/state',
    '/mock/events',
    '/healthz',
    '/readyz',
    '/openapi.json',
    '/v1/quotes/ZZZZ',
    '/v1/accounts/nobody',
    '/no/such/route',
  ]
}

it('stamps every response with X-Request-Id and X-Mock-Time', async () => {
  const { filled } = await busyWorld()
  const ids = new Set<string>()
  for (const path of everyGet(filled.id)) {
    const res = await client.get(path)
    expect(res.status, path).toBeLessThan(500)
    const id = res.headers.get('x-request-id')
    expect(id, path).toBeTruthy()
    ids.add(id as string)
    expect(res.headers.get('x-mock-time'), path).toBe(at(1_000))
  }
  expect(ids.size).toBe(everyGet(filled.id).length)
})

it('echoes an incoming X-Request-Id on success and on error', async () => {
  await client.configure(FLAT_WORLD)
  const ok = await client.get('/v1/ping', { 'X-Request-Id': 'trace-abc-123' })
  expect(ok.headers.get('x-request-id')).toBe('trace-abc-123')
  const refused = await client.post(
    ORDERS,
    { ...MARKET_BUY, qty: '0' },
    { 'X-Request-Id': 'trace-4' },
  )
  expectError(refused, 422, 'invalid_order')
  expect(refused.body.error.requestId).toBe('trace-4')
  const malformed = await client.request('POST', ORDERS, '{', { 'X-Request-Id': 'trace-5' })
  expectError(malformed, 400, 'invalid_request')
  expect(malformed.body.error.requestId).toBe('trace-5')
  const control = await client.post('/mock/advance', { ms: -5 }, { 'X-Request-Id': 'trace-6' })
  expect(control.body.error.requestId).toBe('trace-6')
})

it('stamps X-Mock-Time with the virtual time, which only /mock/advance moves', async () => {
  await client.configure(FLAT_WORLD)
  expect((await client.get('/v1/ping')).headers.get('x-mock-time')).toBe(START)
  const advanced = await client.post('/mock/advance', { ms: 1_234 })
  expect(advanced.headers.get('x-mock-time')).toBe(at(1_234))
  const error = await client.get('/v1/quotes/ZZZZ')
  expect(error.headers.get('x-mock-time')).toBe(at(1_234))
})

it('writes money, prices and quantities as decimal strings everywhere', async () => {
  const { filled } = await busyWorld()
  const account = (await client.get('/v1/accounts/DEMO')).body
  const order = (await client.get(`${ORDERS}/${filled.id}`)).body
  const fill = (await client.get('/v1/accounts/DEMO/fills')).body[0]
  const position = (await client.get('/v1/accounts/DEMO/positions/AAPL')).body
  const quote = (await client.get('/v1/quotes/AAPL')).body
  const symbol = (await client.get('/v1/symbols')).body[0]
  const decimals: Array<[string, unknown]> = [
    ...['cash', 'equity', 'buyingPower', 'marketValue', 'realizedPnl', 'unrealizedPnl'].map(
      (k) => [`account.${k}`, account[k]] as [string, unknown],
    ),
    ['account.commissionsPaid', account.commissionsPaid],
    ...['qty', 'filledQty', 'leavesQty', 'avgFillPrice'].map(
      (k) => [`order.${k}`, order[k]] as [string, unknown],
    ),
    ...['qty', 'price', 'commission'].map((k) => [`fill.${k}`, fill[k]] as [string, unknown]),
    ...['qty', 'avgEntryPrice', 'marketValue', 'costBasis', 'unrealizedPnl', 'realizedPnl'].map(
      (k) => [`position.${k}`, position[k]] as [string, unknown],
    ),
    ['position.lastPrice', position.lastPrice],
    ...['bid', 'ask', 'bidSize', 'askSize', 'last'].map(
      (k) => [`quote.${k}`, quote[k]] as [string, unknown],
    ),
    ['symbol.tickSize', symbol.tickSize],
    ['symbol.lotSize', symbol.lotSize],
  ]
  for (const [name, value] of decimals) expect(value, name).toMatch(DECIMAL)
})

it('accepts numbers where requests take decimals', async () => {
  await client.configure(FLAT_WORLD)
  const res = await client.post(ORDERS, {
    symbol: 'AAPL',
    side: 'buy',
    qty: 10,
    type: 'limit',
    limitPrice: 99.1,
    timeInForce: 'gtc',
  })
  expect(res.status).toBe(201)
  expect(res.body).toMatchObject({ qty: '10', limitPrice: '99.1', leavesQty: '10' })
})

it('adds cash exactly: commissions of 0.1 and 0.2 make 0.3', async () => {
  await client.configure({ ...FLAT_WORLD, executionConfig: { commission: { perShare: 0.1 } } })
  await client.post(ORDERS, { ...MARKET_BUY, qty: 1 })
  await client.post(ORDERS, { ...MARKET_BUY, qty: 2 })
  await client.advance(0)
  const fills = (await client.get('/v1/accounts/DEMO/fills')).body
  expect(fills.map((f: any) => f.commission)).toEqual(['0.1', '0.2'])
  const account = (await client.get('/v1/accounts/DEMO')).body
  expect(account.commissionsPaid).toBe('0.3')
  // 100000 − 3 × 100.05 − 0.3
  expect(account.cash).toBe('99699.55')
})

it('writes every time as ISO-8601 UTC with milliseconds', async () => {
  const { filled } = await busyWorld()
  const order = (await client.get(`${ORDERS}/${filled.id}`)).body
  const times = [
    (await client.get('/v1/ping')).body.time,
    (await client.get('/v1/clock')).body.time,
    (await client.get('/v1/quotes/AAPL')).body.time,
    (await client.get('/v1/accounts/DEMO/fills')).body[0].time,
    order.createdAt,
    order.updatedAt,
    order.acceptedAt,
    order.filledAt,
    ...(await client.get('/mock/events')).body.events.map((e: any) => e.time),
  ]
  for (const time of times) expect(time).toMatch(ISO_MS)
  expect(order.createdAt).toBe(START)
})

it('answers 400 invalid_request for malformed JSON, without a change', async () => {
  const { resting } = await busyWorld()
  const bodies: Array<[string, string]> = [
    ['POST', ORDERS],
    ['PATCH', `${ORDERS}/${resting.id}`],
    ['POST', '/mock/configure'],
    ['POST', '/mock/advance'],
    ['POST', '/mock/inject'],
  ]
  for (const [method, path] of bodies) {
    for (const text of ['{', '{"symbol": "AAPL",}', "{'a': 1}", 'undefined', '{"a":1}{"b":2}']) {
      const res = await expectRefused(
        client,
        () => client.request(method, path, text),
        400,
        'invalid_request',
      )
      expect(res.body.error.details.issues, `${method} ${path} ${text}`).toEqual(expect.any(Array))
    }
  }
})

it('answers 400 invalid_request for wrong types, with the path of each issue', async () => {
  await busyWorld()
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...MARKET_BUY, qty: true }, 'qty'],
    [{ ...MARKET_BUY, qty: '1e3' }, 'qty'],
    [{ ...MARKET_BUY, qty: ' 10' }, 'qty'],
    [{ ...MARKET_BUY, side: 1 }, 'side'],
    [{ ...MARKET_BUY, side: 'long' }, 'side'],
    [{ ...MARKET_BUY, symbol: 42 }, 'symbol'],
    [{ ...MARKET_BUY, type: 'iceberg' }, 'type'],
    [{ ...MARKET_BUY, timeInForce: 'forever' }, 'timeInForce'],
    [{ ...MARKET_BUY, metadata: 'note' }, 'metadata'],
    [{ ...MARKET_BUY, clientOrderId: '' }, 'clientOrderId'],
    [{ ...RESTING_BUY, limitPrice: [99] }, 'limitPrice'],
  ]
  for (const [body, field] of cases) {
    const res = await expectRefused(client, () => client.post(ORDERS, body), 400, 'invalid_request')
    expect(
      res.body.error.details.issues.map((i: any) => i.path[0]),
      field,
    ).toContain(field)
  }
})

it('answers 400 invalid_request for missing fields', async () => {
  await busyWorld()
  for (const field of ['symbol', 'side', 'qty']) {
    const body: Record<string, unknown> = { ...MARKET_BUY }
    delete body[field]
    const res = await expectRefused(client, () => client.post(ORDERS, body), 400, 'invalid_request')
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: [field] })])
  }
  await expectRefused(client, () => client.request('POST', ORDERS), 400, 'invalid_request')
  await expectRefused(client, () => client.post('/mock/inject', {}), 400, 'invalid_request')
})

it('answers 400 invalid_request for unknown keys', async () => {
  const { resting } = await busyWorld()
  const typo = { ...MARKET_BUY, type: 'limit', limitprice: '99' }
  const res = await expectRefused(client, () => client.post(ORDERS, typo), 400, 'invalid_request')
  expect(res.body.error.details.issues).toEqual([
    expect.objectContaining({ code: 'unrecognized_keys' }),
  ])
  await expectRefused(
    client,
    () => client.patch(`${ORDERS}/${resting.id}`, { price: '98' }),
    400,
    'invalid_request',
  )
  await expectRefused(
    client,
    () => client.post('/mock/advance', { secs: 1 }),
    400,
    'invalid_request',
  )
})

it('answers 404 not_found for an unknown account, order or route', async () => {
  await busyWorld()
  await expectRefused(client, () => client.get('/v1/accounts/nobody'), 404, 'not_found')
  await expectRefused(
    client,
    () => client.post('/v1/accounts/nobody/orders', MARKET_BUY),
    404,
    'not_found',
  )
  await expectRefused(client, () => client.get(`${ORDERS}/ord-424242`), 404, 'not_found')
  await expectRefused(client, () => client.del(`${ORDERS}/ord-424242`), 404, 'not_found')
  await expectRefused(client, () => client.get('/v2/ping'), 404, 'not_found')
  await expectRefused(client, () => client.post('/v1/ping'), 404, 'not_found')
  await expectRefused(client, () => client.get('/mock/nothing'), 404, 'not_found')
  await expectRefused(client, () => client.get('/'), 404, 'not_found')
})

it('answers 422 unknown_symbol for an order in a symbol that is not configured', async () => {
  await busyWorld()
  const res = await expectRefused(
    client,
    () => client.post(ORDERS, { ...MARKET_BUY, symbol: 'ZZZZ', clientOrderId: 'zz' }),
    422,
    'unknown_symbol',
  )
  expect(res.body.error.details).toMatchObject({ symbol: 'ZZZZ' })
  expectError(await client.get(`${ORDERS}/by-client-id/zz`), 404, 'not_found')
})

it('answers 422 invalid_order for a well-formed order the venue cannot take, creating nothing', async () => {
  await busyWorld()
  const invalid: Array<Record<string, unknown>> = [
    { ...MARKET_BUY, qty: '0' },
    { ...MARKET_BUY, qty: -5 },
    { ...MARKET_BUY, qty: '1.5' },
    { ...RESTING_BUY, limitPrice: '99.999' },
    { ...RESTING_BUY, limitPrice: '0' },
    { ...MARKET_BUY, type: 'limit' },
    { ...MARKET_BUY, type: 'stop' },
    { ...MARKET_BUY, limitPrice: '99' },
    { ...MARKET_BUY, timeInForce: 'gtd' },
    { ...RESTING_BUY, timeInForce: 'gtd', expireAt: START },
    { ...MARKET_BUY, type: 'trailing_stop', timeInForce: 'gtc' },
  ]
  for (const body of invalid) {
    const res = await expectRefused(
      client,
      () => client.post(ORDERS, { ...body, clientOrderId: 'invalid' }),
      422,
      'invalid_order',
    )
    expect(res.body.error.details.field, JSON.stringify(body)).toEqual(expect.any(String))
  }
  expectError(await client.get(`${ORDERS}/by-client-id/invalid`), 404, 'not_found')
})

it('answers 413 payload_too_large for a body over 1 MiB, and keeps serving', async () => {
  await busyWorld()
  const big = { ...MARKET_BUY, metadata: { blob: 'x'.repeat(1024 * 1024) } }
  await expectRefused(client, () => client.post(ORDERS, big), 413, 'payload_too_large')
  await expectRefused(
    client,
    () => client.post('/mock/configure', { ...FLAT_WORLD, padding: 'x'.repeat(1100000) }),
    413,
    'payload_too_large',
  )
  for (let i = 0; i < 5; i++) expect((await client.get('/v1/ping')).status).toBe(200)
  expect((await client.post(ORDERS, MARKET_BUY)).status).toBe(201)
})

it('takes a body of just under 1 MiB', async () => {
  await client.configure(FLAT_WORLD)
  const body = JSON.stringify({ ...MARKET_BUY, metadata: { blob: '' } })
  const blob = 'x'.repeat(1024 * 1024 - body.length)
  const res = await client.post(ORDERS, { ...MARKET_BUY, metadata: { blob } })
  expect(res.status).toBe(201)
})

it('answers 415 unsupported_media_type for a body that is not JSON', async () => {
  await busyWorld()
  const text = JSON.stringify(MARKET_BUY)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    await expectRefused(
      client,
      () => client.request('POST', ORDERS, text, { 'Content-Type': type }),
      415,
      'unsupported_media_type',
    )
  }
  await expectRefused(
    client,
    () => client.request('POST', '/mock/advance', '{"ms":1}', { 'Content-Type': 'text/plain' }),
    415,
    'unsupported_media_type',
  )
})

it('refuses metadata nested deeper than 32 levels with 400', async () => {
  await busyWorld()
  const deep = `{"a":`.repeat(10_000) + '1' + '}'.repeat(10_000)
  const text = `{"symbol":"AAPL","side":"buy","qty":1,"metadata":${deep}}`
  await expectRefused(client, () => client.request('POST', ORDERS, text), 400, 'invalid_request')
  let ok: unknown = 1
  for (let i = 0; i < 31; i++) ok = { a: ok }
  expect((await client.post(ORDERS, { ...MARKET_BUY, metadata: ok })).status).toBe(201)
})

it('answers no 5xx and changes nothing for any malformed input on any route', async () => {
  const { resting } = await busyWorld()
  const targets: Array<[string, string]> = [
    ['POST', ORDERS],
    ['PATCH', `${ORDERS}/${resting.id}`],
    ['POST', '/mock/configure'],
    ['POST', '/mock/advance'],
    ['POST', '/mock/inject'],
  ]
  // Each is malformed for every target (an empty body is a valid configure, so it is not here).
  const garbage = [
    'null',
    'true',
    '0',
    '-1',
    '"text"',
    '[]',
    '[{}]',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"symbol":{"$gt":""},"side":"buy","qty":1}',
    '{"symbol":"AAPL","side":"buy","qty":1e400}',
    '{"symbol":"AAPL","side":"buy","qty":"1".repeat}',
    '{"symbol":"AAPL","side":"buy","qty":"99999999999999999999999999999999999999999999999999999999999999999"}',
    '{"symbol":"' + 'A'.repeat(10_000) + '","side":"buy","qty":1}',
    '{"ms":1e400}',
    '{"ms":9007199254740993}',
    '{"to":"+275760-09-13T00:00:00.000Z"}',
    '{"to":"2026-13-01T00:00:00.000Z"}',
    '{"seed":1e400}',
    '{"clock":{"start":"0000-01-01T00:00:00.000Z"}}',
    '{"clock":{"start":"1969-12-31T23:59:59.999Z"}}',
    '{"clock":{"speed":-1}}',
    '{"marketConfig":{"spread":1e308}}',
    '{"symbols":{"generate":0}}',
    '{"symbols":[{"symbol":"AAPL","price":"-1"}]}',
    '{"accounts":[]}',
    '{"type":"market","event":{"kind":"price_jump","symbol":"AAPL","pct":1e308}}',
    '{"type":"market","event":{"kind":"price_jump","symbol":"AAPL","pct":-100}}',
    '{"type":"market","event":{"kind":"price_jump","symbol":"AAPL","price":"0"}}',
    '\u0000',
    '\ufeff[]',
    '['.repeat(100_000),
  ]
  const before = await client.journal()
  for (const [method, path] of targets) {
    for (const text of garbage) {
      const res: JsonResponse = await client.request(method, path, text)
      const label = `${method} ${path} ${text.slice(0, 60)}`
      expect(res.status, label).toBeGreaterThanOrEqual(400)
      expect(res.status, label).toBeLessThan(500)
      expect(res.body.error.requestId, label).toBe(res.headers.get('x-request-id'))
    }
  }
  expect(await client.journal()).toEqual(before)
})

it('answers no 5xx for malformed path and query parameters', async () => {
  await busyWorld()
  const paths = [
    '/v1/quotes?symbols=,,,',
    `/v1/quotes?symbols=${'A,'.repeat(500)}A`,
    '/v1/quotes/%',
    '/v1/quotes/%00',
    '/v1/accounts/%E0%A4%A',
    `/v1/accounts/DEMO/orders/${'x'.repeat(200)}`,
    '/v1/accounts/DEMO/orders?limit=NaN',
    '/v1/accounts/DEMO/orders?limit=1e400',
    '/v1/accounts/DEMO/orders?after=',
    '/v1/accounts/DEMO/orders?symbol=%20',
    '/v1/accounts/DEMO/fills?orderId=',
    '/mock/events?after=1e400',
    '/mock/events?after=99999999999999999999',
    '/mock/events?type=order.*.*',
    '/mock/events?accountId=a%2Fb',
  ]
  const before = await client.journal()
  for (const path of paths) {
    const res = await client.get(path)
    expect(res.status, path).toBeLessThan(500)
    if (res.status >= 400) expectError(res, res.status, res.body.error.code)
  }
  expect(await client.journal()).toEqual(before)
})

it('closes the connection after answering before reading the body, so it is never reused', async () => {
  const body = JSON.stringify({ a: 'x'.repeat(600_000) })
  const res = await fetch(`${client.url}/v1/no-such-route`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  })
  expect(res.status).toBe(404)
  expect(res.headers.get('connection')).toBe('close')
  // A body that was read keeps the connection.
  const read = await fetch(`${client.url}/mock/advance`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ms: 0 }),
  })
  expect(read.status).toBe(200)
  expect(read.headers.get('connection')).not.toBe('close')
})

it('answers a request line over 16 KiB with the error shape (431 headers_too_large)', async () => {
  const res = await fetch(`${client.url}/v1/quotes/${'A'.repeat(20_000)}`)
  expect(res.status).toBe(431)
  expect(res.headers.get('content-type')).toBe('application/json')
  const body = (await res.json()) as { error: { code: string; requestId: string } }
  expect(body.error.code).toBe('headers_too_large')
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'))
})
