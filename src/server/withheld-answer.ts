/**
 * Not answering, on purpose (the `timeout`, `reset` and `latency` faults): waiting for the client
 * to give up, dropping its connection, and telling @hono/node-server that there is nothing to
 * write. Under @hono/node-server the node request and response are on `c.env`; elsewhere (hono's
 * `app.request()` in unit tests) the request's AbortSignal stands in for the connection.
 */
import type { HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { Context } from 'hono'
import type { AppEnv } from './request-context.js'

function nodeBindings(c: Context<AppEnv>): HttpBindings | undefined {
  const env = c.env as Partial<HttpBindings> | undefined
  return env?.incoming !== undefined && env.outgoing !== undefined
    ? (env as HttpBindings)
    : undefined
}

/**
 * Settles when the client's connection closes: the client gave up, or the server is closing
 * (listen.ts destroys every connection on close, so a held request never keeps it open).
 */
export function connectionClosed(c: Context<AppEnv>): Promise<void> {
  const outgoing = nodeBindings(c)?.outgoing
  if (outgoing !== undefined) {
    if (outgoing.destroyed || outgoing.socket === null || outgoing.socket.destroyed)
      return Promise.resolve()
    return new Promise((resolve) => outgoing.once('close', () => resolve()))
  }
  const signal = c.req.raw.signal
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

/**
 * Whether the client's connection is gone, so no answer can reach it (the client left, or the
 * request timeout cut it and the transport answered 408). Outside node: whether it was aborted.
 */
export function connectionGone(c: Context<AppEnv>): boolean {
  const incoming = nodeBindings(c)?.incoming
  return incoming !== undefined ? incoming.socket.destroyed : c.req.raw.signal.aborted
}

/**
 * Reads the rest of the request before its answer is held back. Node's `requestTimeout` runs
 * until the whole request is in, and a body no one reads stops arriving once Node's buffer is
 * full (16 KiB): a held request with a bigger body would be cut with a 408 instead of held.
 * hono keeps the body, so the route reads it as it would have.
 */
export async function receiveWholeRequest(c: Context<AppEnv>): Promise<void> {
  if (c.req.raw.body === null) return
  try {
    await c.req.text()
  } catch {
    // A body that cannot be read is the route's to refuse, as it would without the fault.
  }
}

/** Waits `ms` of wall-clock time; true if the connection closed first (the timer is cleared). */
export function delayUnlessClosed(ms: number, closed: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    void closed.then(() => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

/**
 * Drops the connection with no answer (the client sees ECONNRESET or "socket hang up"). Outside
 * node there is no socket to drop: the request is held until it is aborted instead.
 */
export async function resetConnection(c: Context<AppEnv>): Promise<Response> {
  const incoming = nodeBindings(c)?.incoming
  if (incoming !== undefined) incoming.socket.destroy()
  else await connectionClosed(c)
  return noAnswer(c)
}

/**
 * The response of a request answered with nothing: marked so @hono/node-server writes nothing
 * (the connection is gone anyway), and flagged for the request journal (status null). A fresh
 * copy each time, since the middleware above stamps headers on it.
 */
export function noAnswer(c: Context<AppEnv>): Response {
  c.set('unanswered', true)
  return new Response(null, { headers: RESPONSE_ALREADY_SENT.headers })
}
