/** What every `/mock` route definition shares: its tag, the control token and common errors. */
import type { ApiErrorCode } from '../errors.js'
import { CONTROL_SECURITY } from '../openapi-info.js'
import { errorResponses } from './responses.js'

/** Errors every /mock route may answer, besides its own. */
export function controlErrors<C extends ApiErrorCode = never>(...codes: C[]) {
  return errorResponses<C | 'unauthorized' | 'internal'>(...codes, 'unauthorized', 'internal')
}

export const BODY_ERRORS = [
  'invalid_request',
  'payload_too_large',
  'unsupported_media_type',
] as const

/** What every /mock route shares: its tag and the control token. */
export const control = { tags: ['control'], security: CONTROL_SECURITY }
