/**
 * Account API keys (CONTRACT.md section 1): an account configured with an `apiKey` requires
 * `Authorization: Bearer <apiKey>` on its routes: 401 without a key (or with a key no account
 * has), 403 with another account's key. Accounts without a key are open.
 */
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api/index.js'
import type { BrokerRuntime } from './broker-runtime.js'
import type { AppEnv } from './request-context.js'

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '')
  return match?.[1]?.trim()
}

export function accountAuth(runtime: BrokerRuntime): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const accountId = c.req.param('accountId')
    if (accountId !== undefined)
      checkAccountAccess(runtime, accountId, bearerToken(c.req.header('Authorization')))
    await next()
  }
}

export function checkAccountAccess(
  runtime: BrokerRuntime,
  accountId: string,
  token: string | undefined,
): void {
  const sim = runtime.sim
  const key = sim.accountApiKey(accountId)
  if (key === undefined || key === null) return
  if (token === key) return
  if (token === undefined) {
    throw new ApiError(
      'unauthorized',
      `account ${accountId} requires Authorization: Bearer <its apiKey>`,
      { accountId },
    )
  }
  const owner = sim.accountIds().find((id) => sim.accountApiKey(id) === token)
  if (owner !== undefined) {
    throw new ApiError('forbidden', `this API key belongs to account ${owner}, not ${accountId}`, {
      accountId,
    })
  }
  throw new ApiError('unauthorized', `the API key is not valid for account ${accountId}`, {
    accountId,
  })
}

/** The accounts a caller may see: those without a key, and the one its key opens. */
export function visibleAccountIds(runtime: BrokerRuntime, token: string | undefined): string[] {
  const sim = runtime.sim
  return sim.accountIds().filter((id) => {
    const key = sim.accountApiKey(id)
    return key === null || key === token
  })
}
