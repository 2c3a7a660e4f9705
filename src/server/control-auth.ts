/**
 * The control plane is open by default (it is a test tool); with `MOCK_CONTROL_TOKEN` set,
 * `/mock/*` requires `Authorization: Bearer <that token>` (CONTRACT.md section 0).
 */
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api/index.js'
import { bearerToken } from './account-auth.js'
import type { AppEnv } from './request-context.js'

export function controlAuth(token: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (token !== undefined && bearerToken(c.req.header('Authorization')) !== token) {
      throw new ApiError(
        'unauthorized',
        'the control plane requires Authorization: Bearer <MOCK_CONTROL_TOKEN>',
      )
    }
    await next()
  }
}
