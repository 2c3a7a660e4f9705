/**
 * Requests Node's HTTP parser refuses before the app sees them (a URL or headers over 16 KiB,
 * bytes that are not HTTP) still get the contract's error shape, with an `X-Request-Id` equal to
 * the body's `requestId`, instead of Node's bare status line.
 */
import type { Server as HttpServer } from 'node:http'
import type { Duplex } from 'node:stream'
import { errorBody } from './api-error.js'

let refused = 0

export function answerClientErrors(server: HttpServer): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy()
      return
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
    const requestId = `req-refused-${String(++refused).padStart(6, '0')}`
    const body = JSON.stringify(
      tooLarge
        ? errorBody(
            'headers_too_large',
            'the request line and headers are larger than 16 KiB: send long values in a JSON body',
            {},
            requestId,
          )
        : errorBody('invalid_request', `not an HTTP request: ${error.message}`, {}, requestId),
    )
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'
    socket.end(
      `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`,
    )
  })
}
