/** A journal event as the wire shows it: the envelope `{ seq, type, time, accountId, data }`. */
import { isoTime, type JournalEvent } from '../sim/index.js'

export interface WireEvent {
  seq: number
  type: string
  time: string
  accountId: string | null
  data: JournalEvent['data']
}

export function toWireEvent(event: JournalEvent): WireEvent {
  return {
    seq: event.seq,
    type: event.type,
    time: isoTime(event.timeMs),
    accountId: event.accountId,
    data: event.data,
  }
}
