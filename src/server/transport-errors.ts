/**
 * Requests Node's HTTP server refuses before the app sees them (a URL or headers over 16 KiB,
 * bytes that are not HTTP, a request that did not arrive within the headers or request timeout)
 * still get the contract's error shape, with an `X-Request-Id` equal to the body's `requestId`,
 * instead of Node's bare status line.
 */
import type { Server as HttpServer } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { ApiErrorCode } from '../api/index.js'
import { errorBody } from './api-error.js'

let refused = 0

interface Refusal {
  status: string
  code: ApiErrorCode
  message: string
}

function refusalOf(error: NodeJS.ErrnoException): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: '431 Request Header Fields Too Large',
        code: 'headers_too_large',
        message:
          'the request line and headers are larger than 16 KiB: send long values in a JSON body',
      }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: '408 Request Timeout',
        code: 'request_timeout',
        message:
          'the request did not arrive in time (--headers-timeout-ms for the headers, --request-timeout-ms for all of it)',
      }
    default:
      return {
        status: '400 Bad Request',
        code: 'invalid_request',
        message: `not an HTTP request: ${error.message}`,
      }
  }
}

export function answerClientErrors(server: HttpServer): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const net = socket as Partial<Socket> & { _httpMessage?: { headersSent?: boolean } | null }
    if (
      !socket.writable ||
      error.code === 'ECONNRESET' ||
      // An answer already under way: more bytes would corrupt it.
      net._httpMessage?.headersSent === true ||
      // A connection that never sent a byte made no request to answer (a browser's preconnect).
      (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && net.bytesRead === 0)
    ) {
      socket.destroy()
      return
    }
    const { status, code, message } = refusalOf(error)
    const requestId = `req-refused-${String(++refused).padStart(6, '0')}`
    const body = JSON.stringify(errorBody(code, message, {}, requestId))
    const answer =
      `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`
    // A slow client may never close its side of the connection (HTTP sockets are half-open
    // capable): once the answer is written, drop it, or the timeout would free nothing.
    if (code === 'request_timeout') socket.end(answer, () => socket.destroy())
    else socket.end(answer)
  })
}
