/**
 * `/mock/report` and `/mock/verifications` in-process (`app.request()`), on the app `createApp`
 * builds plus `registerReportRoutes`, so the contract's middleware (control token, error shape,
 * request ids) applies as it will once app.ts registers them.
 */
import { describe, expect, it, vi } from 'vitest'
import { Report } from '../../api/schemas/report.js'
import { flatConfig } from '../../../test/support/sim-world.js'
import { createApp } from '../app.js'
import { BrokerRuntime, type TimelineListener } from '../broker-runtime.js'
import { registerReportRoutes } from './report-routes.js'

function setup(controlToken?: string) {
  const runtime = BrokerRuntime.boot(flatConfig())
  const app = createApp({ runtime, controlToken, loadScenario: async () => ({}) })
  registerReportRoutes(app, { runtime })
  const send = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  return { app, runtime, send }
}

describe('GET /mock/report', () => {
  it('answers JSON by default', async () => {
    const { send } = setup()
    await send('POST', '/v1/accounts/DEMO/orders', {
      symbol: 'TEST',
      side: 'buy',
      qty: '10',
      type: 'market',
      timeInForce: 'gtc',
    })
    const res = await send('GET', '/mock/report')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const report = Report.parse(await res.json())
    expect(report.orders.total).toBe(1)
    expect(report.fills.count).toBe(1)
  })

  it('answers JUnit XML and HTML with their media types', async () => {
    const { send } = setup()
    const junit = await send('GET', '/mock/report?format=junit')
    expect(junit.status).toBe(200)
    expect(junit.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(await junit.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /)
    const html = await send('GET', '/mock/report?format=html')
    expect(html.status).toBe(200)
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await html.text()).toMatch(/^<!doctype html>/)
    expect(html.headers.get('x-request-id')).toBeTruthy()
    expect(html.headers.get('x-mock-time')).toBe('2026-01-05T14:30:00.000Z')
  })

  it('answers 400 invalid_request for an unknown format', async () => {
    const { send } = setup()
    const res = await send('GET', '/mock/report?format=pdf')
    expect(res.status).toBe(400)
    const body = (await res.json()) as any
    expect(body.error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('format'),
      requestId: res.headers.get('x-request-id'),
    })
    expect(body.error.details.issues[0].path).toEqual(['format'])
  })

  it('counts the faults applied to /v1 calls', async () => {
    const { send } = setup()
    await send('POST', '/mock/inject', {
      type: 'fault',
      rule: {
        match: { operation: 'getAccount' },
        effect: { kind: 'error', status: 503 },
        times: 2,
      },
    })
    for (let i = 0; i < 3; i++) await send('GET', '/v1/accounts/DEMO')
    const report = (await (await send('GET', '/mock/report')).json()) as Report
    expect(report.faults).toEqual({
      total: 2,
      byKind: { error: 2 },
      byOperation: { getAccount: 2 },
      byRule: [{ ruleId: 'flt-000001', kind: 'error', count: 2 }],
    })
  })

  it('requires the control token when one is set', async () => {
    const { send } = setup('secret')
    expect((await send('GET', '/mock/report')).status).toBe(401)
    expect((await send('GET', '/mock/verifications')).status).toBe(401)
    const ok = await send('GET', '/mock/report', undefined, { Authorization: 'Bearer secret' })
    expect(ok.status).toBe(200)
  })

  it('is described in the OpenAPI document with its three media types', () => {
    const { app } = setup()
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } })
    const get = doc.paths?.['/mock/report']?.get as any
    expect(get.operationId).toBe('getReport')
    expect(get.tags).toEqual(['control'])
    expect(Object.keys(get.responses['200'].content)).toEqual([
      'application/json',
      'application/xml',
      'text/html',
    ])
    expect(get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Report',
    })
    expect(doc.paths?.['/mock/verifications']?.post?.operationId).toBe('recordVerification')
  })
})

describe('/mock/verifications', () => {
  const failing = { name: 'no rejects', ok: false, message: 'one', details: { orderId: 'ord-1' } }

  it('records a verification and lists it, oldest first', async () => {
    const { send } = setup()
    const res = await send('POST', '/mock/verifications', failing)
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({
      id: 'ver-000001',
      suite: null,
      ...failing,
      time: '2026-01-05T14:30:00.000Z',
      seq: 0,
    })
    await send('POST', '/mock/verifications', { name: 'fills on time', ok: true, suite: 'a.test' })
    const list = (await (await send('GET', '/mock/verifications')).json()) as any
    expect(list.dropped).toBe(0)
    expect(list.verifications.map((v: any) => [v.id, v.name, v.ok])).toEqual([
      ['ver-000001', 'no rejects', false],
      ['ver-000002', 'fills on time', true],
    ])
  })

  it('puts them in the reports', async () => {
    const { send } = setup()
    await send('POST', '/mock/verifications', failing)
    const report = (await (await send('GET', '/mock/report')).json()) as Report
    expect(report.verifications).toMatchObject({ total: 1, failed: 1 })
    const xml = await (await send('GET', '/mock/report?format=junit')).text()
    expect(xml).toContain(
      '<testcase classname="mock-broker.verifications" name="no rejects" time="0">',
    )
  })

  it('refuses a body without a name or ok, with 400 invalid_request', async () => {
    const { send } = setup()
    for (const body of [
      { ok: true },
      { name: 'x' },
      { name: 'x', ok: 'yes' },
      { name: '', ok: true },
    ]) {
      const res = await send('POST', '/mock/verifications', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as any).error.code).toBe('invalid_request')
    }
    expect(
      ((await (await send('GET', '/mock/verifications')).json()) as any).verifications,
    ).toEqual([])
  })

  it('is cleared by configure and by reset', async () => {
    const { send } = setup()
    await send('POST', '/mock/verifications', failing)
    expect((await send('POST', '/mock/reset')).status).toBe(200)
    expect(
      ((await (await send('GET', '/mock/verifications')).json()) as any).verifications,
    ).toEqual([])
    await send('POST', '/mock/verifications', failing)
    expect((await send('POST', '/mock/configure', flatConfig())).status).toBe(200)
    expect(
      ((await (await send('GET', '/mock/verifications')).json()) as any).verifications,
    ).toEqual([])
  })

  it('is kept through a snapshot restore', async () => {
    const runtime = BrokerRuntime.boot(flatConfig())
    const listeners: TimelineListener[] = []
    const onTimeline = runtime.onTimeline.bind(runtime)
    vi.spyOn(runtime, 'onTimeline').mockImplementation((listener) => {
      listeners.push(listener)
      return onTimeline(listener)
    })
    const app = createApp({ runtime, loadScenario: async () => ({}) })
    const log = registerReportRoutes(app, { runtime })
    log.record({ name: 'kept', ok: true }, { time: '2026-01-05T14:30:00.000Z', seq: 0 })
    for (const listener of listeners) listener(runtime.sim, 'restore')
    expect(log.list().verifications.map((v) => v.name)).toEqual(['kept'])
    for (const listener of listeners) listener(runtime.sim, 'reset')
    expect(log.list().verifications).toEqual([])
  })
})
