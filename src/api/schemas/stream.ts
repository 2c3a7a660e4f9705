/**
 * The socket.io surface on the wire (CONTRACT.md section 2): the handshake, `subscribe` /
 * `unsubscribe` and their acks, the channels, the event names and the envelope. The gateway
 * parses with these and the client SDK types itself from them.
 */
import { z } from '@hono/zod-openapi'
import { ApiErrorCodeSchema } from '../errors.js'
import { AccountId, IsoTime, orNull } from './common.js'

export const STREAM_NAMESPACE = '/v1'
export const STREAM_PATH = '/socket.io'

/** The channels of an account's own events, each with the event name the server emits. */
export const ACCOUNT_STREAM_EVENTS = {
  orders: 'order',
  fills: 'fill',
  positions: 'position',
  account: 'account',
} as const

export const CONNECTION_CHANNEL = 'connection'

export type StreamEventName = 'order' | 'fill' | 'position' | 'account' | 'quote' | 'connection'

/** The event name the server emits a channel's events under. */
export function streamEventName(channel: string): StreamEventName {
  if (channel in ACCOUNT_STREAM_EVENTS)
    return ACCOUNT_STREAM_EVENTS[channel as keyof typeof ACCOUNT_STREAM_EVENTS]
  return channel === CONNECTION_CHANNEL ? 'connection' : 'quote'
}

/** Channels most clients subscribe to in one go; `quotes:SYMBOL` is one per symbol. */
export const StreamChannel = z
  .string()
  .max(64)
  .regex(
    /^(orders|fills|positions|account|connection|quotes:[A-Za-z0-9.\-_]{1,32})$/,
    'Expected orders, fills, positions, account, connection or quotes:SYMBOL',
  )

export const StreamAuth = z.object({
  accountId: AccountId,
  token: z.string().max(512).optional(),
})
export type StreamAuth = z.infer<typeof StreamAuth>

export const SubscribeRequest = z.strictObject({
  channels: z.array(StreamChannel).min(1).max(256),
  /**
   * Replay every event of the named channels with a greater seq (channels the socket already had
   * included: that fills a gap), then stream live.
   */
  sinceSeq: z.int().min(0).optional(),
  /** The timeline `sinceSeq` belongs to; a different one answers `events_expired`. */
  epoch: z.int().min(0).optional(),
})
export type SubscribeRequest = z.infer<typeof SubscribeRequest>

export const UnsubscribeRequest = z.strictObject({
  channels: z.array(StreamChannel).min(1).max(256),
})
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequest>

export const StreamError = z.object({
  code: ApiErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
})
export type StreamError = z.infer<typeof StreamError>

/** What `subscribe` and `unsubscribe` acknowledge with. */
export const SubscribeAck = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The journal's seq when subscribed: replayed events are at most it, live ones above. */
    seq: z.int().min(0),
    epoch: z.int().min(0),
    /** Every channel the socket is subscribed to now. */
    channels: z.array(z.string()),
    /** Events replayed for `sinceSeq` (sent right after the ack). */
    replayed: z.int().min(0),
  }),
  z.object({ ok: z.literal(false), error: StreamError }),
])
export type SubscribeAck = z.infer<typeof SubscribeAck>

/** Every server event: a journal event, or a `connection` notice. */
export const StreamEnvelope = z.object({
  seq: z.int().min(0),
  type: z.string(),
  time: IsoTime,
  accountId: orNull(z.string()),
  data: z.record(z.string(), z.unknown()),
})
export type StreamEnvelope = z.infer<typeof StreamEnvelope>

/**
 * `connection` notices: `connected` (on subscribing to the channel), `disconnecting` (before a
 * `disconnect` fault or a shutdown drops the socket) and `resync` (the timeline was rewound:
 * configure, reset or restore; every client gets it, subscribed or not). `seq` is the journal's
 * seq at that moment; `epoch` the timeline's.
 */
export const CONNECTION_NOTICE_TYPES = ['connected', 'disconnecting', 'resync'] as const
export const ConnectionNotice = z.object({
  status: z.enum(CONNECTION_NOTICE_TYPES),
  epoch: z.int().min(0),
  seq: z.int().min(0),
  reason: z.string().optional(),
})
export type ConnectionNotice = z.infer<typeof ConnectionNotice>
