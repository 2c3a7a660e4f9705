/**
 * End-to-end harness: a real mock-broker on an ephemeral port, and a tiny JSON client over the
 * real network stack (fetch), the way another service's integration test talks to it.
 */
import type { ConfigureRequestInput } from '../../src/api/index.js'
import { startMockBroker, type MockBroker } from '../../src/testing/index.js'

export interface JsonResponse<T = any> {
  status: number
  headers: Headers
  body: T
}

export interface Client {
  broker: MockBroker
  url: string
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonResponse<T>>
  get<T = any>(path: string, headers?: Record<string, string>): Promise<JsonResponse<T>>
  post<T = any>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonResponse<T>>
  patch<T = any>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonResponse<T>>
  del<T = any>(path: string, headers?: Record<string, string>): Promise<JsonResponse<T>>
  /** POST /mock/configure, asserting it worked. */
  configure(config: ConfigureRequestInput): Promise<void>
  advance(ms: number): Promise<void>
  /** The journal position from /mock/state. */
  journal(): Promise<{ seq: number; hash: string; epoch: number }>
  close(): Promise<void>
}

export async function startClient(
  config: ConfigureRequestInput = {},
  options: { controlToken?: string } = {},
): Promise<Client> {
  const broker = await startMockBroker({ port: 0, config, ...options })
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['Content-Type'] ??= 'application/json'
    }
    const res = await fetch(`${broker.url}${path}`, init)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      // Left as text: some tests look at bodies that are not JSON on purpose.
    }
    return { status: res.status, headers: res.headers, body: parsed as any }
  }
  const client: Client = {
    broker,
    url: broker.url,
    request,
    get: (path, headers) => request('GET', path, undefined, headers),
    post: (path, body, headers) => request('POST', path, body ?? {}, headers),
    patch: (path, body, headers) => request('PATCH', path, body, headers),
    del: (path, headers) => request('DELETE', path, undefined, headers),
    async configure(config) {
      const res = await request('POST', '/mock/configure', config)
      if (res.status !== 200)
        throw new Error(`configure failed: ${res.status} ${JSON.stringify(res.body)}`)
    },
    async advance(ms) {
      const res = await request('POST', '/mock/advance', { ms })
      if (res.status !== 200)
        throw new Error(`advance failed: ${res.status} ${JSON.stringify(res.body)}`)
    },
    async journal() {
      const res = await request('GET', '/mock/state')
      return res.body.journal
    },
    close: () => broker.close(),
  }
  return client
}
