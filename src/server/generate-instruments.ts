/**
 * Seeded fake instruments for `symbols: { generate: N }`: a company name from @faker-js/faker, a
 * ticker made from it, a price and a tick size, all drawn from a faker seeded with the world seed,
 * so a seed always gives the same instruments and another seed other ones.
 *
 * This lives in the shell because the core imports nothing but seedrandom: the shell expands
 * `{ generate: N }` into explicit symbols before the configuration reaches the core, and the
 * resolved configuration (`GET /mock/state`) lists them like any other symbols.
 *
 * faker's output for a seed is stable within a faker version, not across versions, so the
 * dependency is pinned to an exact version. faker (with every locale) is imported on first use
 * only, so a server that never generates instruments does not pay for loading it.
 */
import type { Faker as FakerInstance } from '@faker-js/faker'
import type { InstrumentInput } from '../sim/index.js'

/** Tick sizes in cents, and how often each is drawn. */
const TICKS_CENTS = [
  { weight: 8, value: 1 },
  { weight: 1, value: 5 },
  { weight: 1, value: 10 },
]
const PRICE_MIN = 5
const PRICE_MAX = 500
/** Words of company names that make poor ticker letters. */
const FILLER = new Set(['AND', 'INC', 'LLC', 'GROUP', 'SONS', 'CO', 'CORP', 'THE'])
/** Distinguishes this use of the world seed from any other. */
const SEED_TAG = 0x7e4d

/** `count` distinct instruments for `seed`, in a fixed order. */
export async function generateInstruments(count: number, seed: number): Promise<InstrumentInput[]> {
  const faker = await seededFaker(seed)
  const taken = new Set<string>()
  const out: InstrumentInput[] = []
  while (out.length < count) {
    const name = faker.company.name()
    const symbol = uniqueTicker(tickerOf(name), taken)
    taken.add(symbol)
    const tickCents = faker.helpers.weightedArrayElement(TICKS_CENTS)
    const price = Math.exp(
      faker.number.float({ min: Math.log(PRICE_MIN), max: Math.log(PRICE_MAX) }),
    )
    const priceCents = Math.max(1, Math.round((price * 100) / tickCents)) * tickCents
    out.push({
      symbol,
      name,
      price: centsText(priceCents),
      tickSize: centsText(tickCents),
      lotSize: '1',
      currency: 'USD',
    })
  }
  return out
}

async function seededFaker(seed: number): Promise<FakerInstance> {
  // Node caches the module: only the first call loads it.
  const { Faker, en, base } = await import('@faker-js/faker')
  const faker = new Faker({ locale: [en, base] })
  // Mersenne Twister seeds are 32-bit words: both halves of the (safe integer) world seed.
  faker.seed([seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, SEED_TAG])
  return faker
}

/**
 * Initials of a multi-word name ("Kuvalis, Durgan and Lueilwitz" → KDL; two words take letters
 * of the last: "Smith - Jones" → SJO), else the first letters of its one word ("Casper LLC" → CAS).
 */
export function tickerOf(name: string): string {
  const words = name
    .toUpperCase()
    .split(/[^A-Z]+/)
    .filter((word) => word.length > 0 && !FILLER.has(word))
  const first = words[0] ?? 'X'
  if (words.length < 2) return first.slice(0, 3).padEnd(3, 'X')
  const initials = words
    .slice(0, 4)
    .map((word) => word[0])
    .join('')
  const last = words[words.length - 1] ?? ''
  return initials.length >= 3 ? initials : (initials + last.slice(1)).slice(0, 3).padEnd(3, 'X')
}

/** `ticker`, or with a digit appended when taken (KDL, KDL2, KDL3...). */
function uniqueTicker(ticker: string, taken: ReadonlySet<string>): string {
  if (!taken.has(ticker)) return ticker
  for (let n = 2; ; n++) if (!taken.has(`${ticker}${n}`)) return `${ticker}${n}`
}

function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
}
