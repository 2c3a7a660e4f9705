/**
 * `symbols: { generate: N }`: seeded fake instruments. The same seed gives the same instruments,
 * another seed other ones; every one is a valid instrument (symbol shape, price on its tick grid),
 * and the shell expands them before the core sees the configuration.
 */
import { describe, expect, it } from 'vitest'
import { ConfigureRequest, SymbolString } from '../api/index.js'
import { Decimal, configureConfig } from '../sim/index.js'
import { generateInstruments, tickerOf } from './generate-instruments.js'
import { toConfigInput } from './scenarios.js'

const noScenarios = async () => {
  throw new Error('no scenario expected')
}

describe('generateInstruments', () => {
  it('gives the same instruments for the same seed', async () => {
    expect(await generateInstruments(50, 7)).toEqual(await generateInstruments(50, 7))
  })

  it('gives other instruments for another seed', async () => {
    const a = await generateInstruments(10, 7)
    const b = await generateInstruments(10, 8)
    expect(a.map((i) => JSON.stringify(i))).not.toEqual(b.map((i) => JSON.stringify(i)))
  })

  it('draws distinct, well-formed symbols with prices on their tick grid', async () => {
    const instruments = await generateInstruments(500, 42)
    expect(instruments).toHaveLength(500)
    const symbols = instruments.map((i) => (typeof i === 'string' ? i : i.symbol))
    expect(new Set(symbols).size).toBe(500)
    for (const instrument of instruments) {
      if (typeof instrument === 'string') throw new Error('expected instrument objects')
      expect(SymbolString.safeParse(instrument.symbol).success, instrument.symbol).toBe(true)
      expect(instrument.name?.length).toBeGreaterThan(0)
      const price = Decimal.parse(instrument.price as string)
      const tick = Decimal.parse(instrument.tickSize as string)
      expect(['0.01', '0.05', '0.10']).toContain(instrument.tickSize)
      expect(price.isMultipleOf(tick), `${instrument.price} on ${instrument.tickSize}`).toBe(true)
      expect(price.gte(Decimal.parse('4.9')) && price.lte(Decimal.parse('500.1'))).toBe(true)
    }
  })
})

describe('tickerOf', () => {
  it('takes initials of several words, or the first letters of one', () => {
    expect(tickerOf('Kuvalis, Durgan and Lueilwitz')).toBe('KDL')
    expect(tickerOf('Casper LLC')).toBe('CAS')
    expect(tickerOf('Smith - Jones')).toBe('SJO')
    expect(tickerOf("O'Keefe Inc")).toBe('OKE')
  })
})

describe('configure { symbols: { generate: N } }', () => {
  const resolve = async (body: unknown) => {
    const input = await toConfigInput(ConfigureRequest.parse(body), noScenarios)
    const config = configureConfig(input)
    if (!config.ok) throw new Error(config.error.message)
    return config.value
  }

  it('resolves to the generated symbols, seeded from the world seed', async () => {
    const config = await resolve({ seed: 3, symbols: { generate: 5 } })
    expect(config.symbols.map((s) => s.symbol)).toEqual(
      (await generateInstruments(5, 3)).map((i) => (typeof i === 'string' ? i : i.symbol)),
    )
    expect(await resolve({ seed: 3, symbols: { generate: 5 } })).toEqual(config)
  })

  it('expands an inline scenario with the scenario seed unless the body names one', async () => {
    const scenario = { name: 'gen', seed: 11, symbols: { generate: 3 } }
    const fromScenario = await resolve({ scenario })
    const generated = await generateInstruments(3, 11)
    expect(fromScenario.symbols.map((s) => s.name)).toEqual(
      generated.map((i) => (typeof i === 'string' ? i : i.name)),
    )
    const overridden = await resolve({ scenario, seed: 12 })
    expect(overridden.symbols).not.toEqual(fromScenario.symbols)
  })
})
