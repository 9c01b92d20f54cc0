import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EVIDENCE_FORMATS_DIR } from '../../../test/support/fixtures.js'
import { canonicalize } from './jcs.js'

const DIR = `${EVIDENCE_FORMATS_DIR}/jcs`
const vectors = readdirSync(DIR).filter((f) => f.endsWith('.in.json')).map((f) => f.replace('.in.json', ''))

describe('canonicalize (RFC 8785)', () => {
  it('has the six RFC vectors to check against', () => {
    expect(vectors.sort()).toEqual(['arrays', 'french', 'structures', 'unicode', 'values', 'weird'])
  })

  it.each(vectors)('reproduces the %s vector byte for byte', (name) => {
    const input = JSON.parse(readFileSync(`${DIR}/${name}.in.json`, 'utf8')) as unknown
    const expected = readFileSync(`${DIR}/${name}.out.json`)
    expect(Buffer.from(canonicalize(input), 'utf8').equals(expected)).toBe(true)
  })

  it('sorts members by UTF-16 code units, integer-like keys included', () => {
    expect(canonicalize({ b: 1, a: 2, 10: 3, 2: 4, '\u{1F600}': 5, '\uFB33': 6 })).toBe('{"10":3,"2":4,"a":2,"b":1,"\u{1F600}":5,"\uFB33":6}')
  })

  it('writes numbers as ECMAScript does', () => {
    expect(canonicalize([-0, 1e21, 1e-7, 0.1 + 0.2, 333333333.3333333, 1.0])).toBe('[0,1e+21,1e-7,0.30000000000000004,333333333.3333333,1]')
  })

  it('rejects lone surrogates in strings and in keys', () => {
    expect(() => canonicalize({ a: '\uD800' })).toThrow(/lone surrogate/)
    expect(() => canonicalize({ '\uDC00x': 1 })).toThrow(/lone surrogate/)
    expect(canonicalize('\uD83D\uDE00')).toBe('"\u{1F600}"')
  })

  it('rejects values JSON cannot hold', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(/not a JSON number/)
    expect(() => canonicalize([Number.POSITIVE_INFINITY])).toThrow(/not a JSON number/)
    expect(() => canonicalize({ n: 1n })).toThrow(/bigint/)
    expect(() => canonicalize(undefined)).toThrow(/no JSON representation/)
  })

  it('treats undefined members and array holes as JSON.stringify does', () => {
    const value = { z: undefined, a: [undefined, 1], f: () => 1, d: new Date('2026-01-02T03:04:05.000Z') }
    expect(canonicalize(value)).toBe('{"a":[null,1],"d":"2026-01-02T03:04:05.000Z"}')
    expect(JSON.parse(canonicalize(value))).toEqual(JSON.parse(JSON.stringify(value)))
  })

  it('escapes strings as JSON.stringify does', () => {
    const s = 'tab\there "quote" \\ \u0001 \u2028 é /'
    expect(canonicalize(s)).toBe(JSON.stringify(s))
  })
})
