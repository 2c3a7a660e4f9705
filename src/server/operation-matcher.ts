/**
 * Which `/v1` operation a request is, and its path parameters, read off the broker route
 * definitions themselves (their `method`, `path` and `operationId`), so there is no second table
 * to keep in step. The fault middleware and the request journal need this before hono routes the
 * request.
 */
import * as brokerRoutes from '../api/routes/broker.js'
import { FAULT_OPERATIONS, type FaultCall } from '../sim/index.js'

export type BrokerOperation = FaultCall['operation']

export interface OperationMatch {
  operation: BrokerOperation
  /** Path parameters by name, percent-decoded, as the route spells them (`accountId`, ...). */
  params: Record<string, string>
}

interface CompiledRoute {
  method: string
  pattern: RegExp
  names: string[]
  operation: BrokerOperation
}

interface RouteDefinition {
  method: string
  path: string
  operationId: string
}

function isRouteDefinition(value: unknown): value is RouteDefinition {
  if (typeof value !== 'object' || value === null) return false
  const { method, path, operationId } = value as Partial<RouteDefinition>
  return typeof method === 'string' && typeof path === 'string' && typeof operationId === 'string'
}

function isBrokerOperation(id: string): id is BrokerOperation {
  return (FAULT_OPERATIONS as readonly string[]).includes(id) && id !== 'stream' && id !== '*'
}

function compile(route: RouteDefinition): CompiledRoute {
  if (!isBrokerOperation(route.operationId)) {
    // A new /v1 route must be named in the core's FAULT_OPERATIONS, or no rule could target it.
    throw new Error(`broker operation ${route.operationId} is not one of FAULT_OPERATIONS`)
  }
  const names: string[] = []
  const body = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part)
      if (param) {
        names.push(param[1] as string)
        return '([^/]+)'
      }
      return part.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
    })
    .join('')
  return {
    method: route.method.toUpperCase(),
    pattern: new RegExp(`^${body}$`),
    names,
    operation: route.operationId,
  }
}

// Routes with fewer parameters first, so a literal segment wins over a parameter where both
// could match (none do today: `/orders/by-client-id/{id}` has one segment more than
// `/orders/{orderId}`), as in hono's router.
const ROUTES: CompiledRoute[] = Object.values(brokerRoutes)
  .filter(isRouteDefinition)
  .map(compile)
  .sort((a, b) => a.names.length - b.names.length)

/** The operation a request names, or null for a path and method no `/v1` route has. */
export function matchOperation(method: string, path: string): OperationMatch | null {
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
  for (const route of ROUTES) {
    if (route.method !== verb) continue
    const found = route.pattern.exec(path)
    if (!found) continue
    const params: Record<string, string> = {}
    route.names.forEach((name, i) => {
      params[name] = decode(found[i + 1] as string)
    })
    return { operation: route.operation, params }
  }
  return null
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
