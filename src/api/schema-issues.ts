/**
 * How a schema refusal is reported, on HTTP (`400 invalid_request`) and on the stream alike:
 * `details.issues` lists `{ code, path, message }`, and the message names each path.
 */
import type { z } from '@hono/zod-openapi'

export interface SchemaIssue {
  code: string
  path: Array<string | number>
  message: string
}

export function schemaIssues(error: z.ZodError): { issues: SchemaIssue[]; summary: string } {
  const issues = error.issues.map(({ code, path, message }) => ({
    code,
    path: path.map((key) => (typeof key === 'number' ? key : String(key))),
    message,
  }))
  const summary = issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')
  return { issues, summary }
}
