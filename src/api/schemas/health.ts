/** Liveness and readiness answers (`GET /healthz`, `GET /readyz`). */
import { z } from '@hono/zod-openapi'

export const Health = z.object({ status: z.literal('ok') }).openapi('Health')
export type Health = z.infer<typeof Health>

export const Ready = z.object({ status: z.literal('ready') }).openapi('Ready')
export type Ready = z.infer<typeof Ready>
