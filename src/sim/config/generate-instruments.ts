/**
 * Seeded fake instruments for `symbols: { generate: N }`: pronounceable tickers, plausible
 * names and prices, all drawn from the `instruments` stream so a seed always yields the same set.
 */
import type { Rng } from '../random/rng.js'
import { DEFAULT_CURRENCY, DEFAULT_LOT_SIZE, DEFAULT_TICK_SIZE } from './defaults.js'
import type { InstrumentConfig } from './world-config.js'

const CONSONANTS = 'BCDFGHJKLMNPRSTVWXZ'
const VOWELS = 'AEIOUY'
const NAME_WORDS = [
  'Acme',
  'Global',
  'Pioneer',
  'Summit',
  'Vertex',
  'Harbor',
  'Nova',
  'Quantum',
  'Atlas',
  'Cedar',
  'Orion',
  'Granite',
]
const NAME_SUFFIXES = [
  'Holdings',
  'Industries',
  'Systems',
  'Technologies',
  'Corp.',
  'Group',
  'Labs',
  'Energy',
]

export function generateInstruments(count: number, rng: Rng): InstrumentConfig[] {
  const seen = new Set<string>()
  const out: InstrumentConfig[] = []
  while (out.length < count) {
    const symbol = ticker(rng)
    if (seen.has(symbol)) continue
    seen.add(symbol)
    const name = `${pick(rng, NAME_WORDS)} ${pick(rng, NAME_SUFFIXES)}`
    const cents = rng.nextInt(500, 50_000)
    const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
    out.push({
      symbol,
      name,
      price,
      tickSize: DEFAULT_TICK_SIZE,
      lotSize: DEFAULT_LOT_SIZE,
      currency: DEFAULT_CURRENCY,
    })
  }
  return out
}

function ticker(rng: Rng): string {
  const length = rng.nextInt(3, 4)
  let text = ''
  for (let i = 0; i < length; i++) text += pick(rng, i % 2 === 0 ? CONSONANTS : VOWELS)
  return text
}

function pick<T>(rng: Rng, items: ArrayLike<T>): T {
  return items[rng.nextInt(0, items.length - 1)] as T
}
