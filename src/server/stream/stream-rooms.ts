/**
 * socket.io room names: one per account channel (`acct:DEMO:fills`), one per quote channel
 * (`quotes:AAPL`, shared by every account), and one per account (`acct:DEMO`) that every socket
 * of the account joins, for faults and notices aimed at an account's connections.
 */
import { QUOTES_CHANNEL_PREFIX } from '../../sim/index.js'

export function accountRoom(accountId: string): string {
  return `acct:${accountId}`
}

/** The room of a channel's events for an account; quote channels are shared. */
export function roomOf(channel: string, accountId: string | null): string {
  if (channel.startsWith(QUOTES_CHANNEL_PREFIX) || accountId === null) return channel
  return `${accountRoom(accountId)}:${channel}`
}
