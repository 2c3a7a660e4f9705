/**
 * The client's types are the server's zod schemas (no second copy): `tsc -p tsconfig.json` fails
 * here when a schema field is renamed and the client is not, or when a client method stops
 * answering what its route declares.
 */
import type { z } from '@hono/zod-openapi'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type * as api from '../src/api/index.js'
import type {
  AdvanceInput,
  ConfigureInput,
  InjectFaultInput,
  InjectMarketEventInput,
  MockBrokerClient,
  ReplaceOrderInput,
  SubmitOrderInput,
} from '../src/client/index.js'
import { MockBrokerError } from '../src/client/index.js'

type Answer<M extends keyof MockBrokerClient> = MockBrokerClient[M] extends (
  ...args: never[]
) => Promise<infer T>
  ? T
  : never

describe('client types', () => {
  it('answers the output types of the response schemas', () => {
    expectTypeOf<Answer<'getOrder'>>().toEqualTypeOf<z.output<typeof api.Order>>()
    expectTypeOf<Answer<'submitOrder'>>().toEqualTypeOf<z.output<typeof api.Order>>()
    expectTypeOf<Answer<'replaceOrder'>>().toEqualTypeOf<z.output<typeof api.Order>>()
    expectTypeOf<Answer<'listOrders'>>().toEqualTypeOf<z.output<typeof api.Order>[]>()
    expectTypeOf<Answer<'fills'>>().toEqualTypeOf<z.output<typeof api.Fill>[]>()
    expectTypeOf<Answer<'account'>>().toEqualTypeOf<z.output<typeof api.Account>>()
    expectTypeOf<Answer<'position'>>().toEqualTypeOf<z.output<typeof api.Position>>()
    expectTypeOf<Answer<'quote'>>().toEqualTypeOf<z.output<typeof api.Quote>>()
    expectTypeOf<Answer<'clock'>>().toEqualTypeOf<z.output<typeof api.Clock>>()
    expectTypeOf<Answer<'state'>>().toEqualTypeOf<z.output<typeof api.State>>()
    expectTypeOf<Answer<'advance'>>().toEqualTypeOf<z.output<typeof api.AdvanceResponse>>()
    expectTypeOf<Answer<'configure'>>().toEqualTypeOf<z.output<typeof api.ControlAck>>()
    expectTypeOf<Answer<'inject'>>().toEqualTypeOf<z.output<typeof api.InjectResponse>>()
    expectTypeOf<Answer<'faults'>>().toEqualTypeOf<z.output<typeof api.FaultsList>>()
    expectTypeOf<Answer<'events'>>().toEqualTypeOf<z.output<typeof api.EventsPage>>()
    expectTypeOf<Answer<'snapshot'>>().toEqualTypeOf<z.output<typeof api.SnapshotSummary>>()
    expectTypeOf<Answer<'restore'>>().toEqualTypeOf<z.output<typeof api.RestoreResponse>>()
    expectTypeOf<Answer<'diff'>>().toEqualTypeOf<z.output<typeof api.StateDiff>>()
    expectTypeOf<Answer<'verifications'>>().toEqualTypeOf<z.output<typeof api.VerificationsList>>()
    expectTypeOf<Answer<'metrics'>>().toEqualTypeOf<string>()
    const reportJson = (client: MockBrokerClient) => client.report()
    const reportJunit = (client: MockBrokerClient) => client.report('junit')
    expectTypeOf(reportJson).returns.resolves.toEqualTypeOf<z.output<typeof api.Report>>()
    expectTypeOf(reportJunit).returns.resolves.toEqualTypeOf<string>()
  })

  it('takes the input types of the request schemas', () => {
    expectTypeOf<SubmitOrderInput>().toEqualTypeOf<z.input<typeof api.SubmitOrderRequest>>()
    expectTypeOf<ReplaceOrderInput>().toEqualTypeOf<z.input<typeof api.ReplaceOrderRequest>>()
    expectTypeOf<ConfigureInput>().toEqualTypeOf<z.input<typeof api.ConfigureRequest>>()
    expectTypeOf<AdvanceInput>().toEqualTypeOf<z.input<typeof api.AdvanceRequest>>()
    expectTypeOf<InjectMarketEventInput>().toEqualTypeOf<z.input<typeof api.MarketEvent>>()
    expectTypeOf<InjectFaultInput>().toEqualTypeOf<z.input<typeof api.FaultRuleInput>>()
    expectTypeOf<Parameters<MockBrokerClient['submitOrder']>>().toEqualTypeOf<
      [accountId: string, order: z.input<typeof api.SubmitOrderRequest>]
    >()
    expectTypeOf<Parameters<MockBrokerClient['listOrders']>[1]>().toEqualTypeOf<
      z.input<typeof api.ListOrdersQuery> | undefined
    >()
    expectTypeOf<Parameters<MockBrokerClient['recordVerification']>[0]>().toEqualTypeOf<
      z.input<typeof api.VerificationInput>
    >()
    // A field the schema does not have is refused.
    expectTypeOf<{
      symbol: 'AAPL'
      side: 'buy'
      qty: 1
      type: 'market'
    }>().toExtend<SubmitOrderInput>()
    expectTypeOf<{
      sym: 'AAPL'
      side: 'buy'
      qty: 1
      type: 'market'
    }>().not.toExtend<SubmitOrderInput>()
  })

  it('raises errors with code, status and details', () => {
    expectTypeOf<MockBrokerError['code']>().toExtend<string>()
    expectTypeOf<api.ApiErrorCode>().toExtend<MockBrokerError['code']>()
    expectTypeOf<MockBrokerError['status']>().toEqualTypeOf<number>()
    expectTypeOf<MockBrokerError['details']>().toEqualTypeOf<Record<string, unknown>>()
    const error = new MockBrokerError({
      code: 'not_found',
      status: 404,
      message: 'No such order.',
      method: 'GET',
      url: 'http://x/v1/accounts/DEMO/orders/o',
    })
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toBe(
      'GET http://x/v1/accounts/DEMO/orders/o answered 404 not_found: No such order.',
    )
  })
})
