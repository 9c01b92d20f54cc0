import { describe, expect, it } from 'vitest'
import { chDateTime } from './json-rows.js'

describe('chDateTime', () => {
  it.each([
    ['2026-10-01T10:00:00Z', '2026-10-01 10:00:00'],
    ['2026-10-01T10:00:00.1Z', '2026-10-01 10:00:00.1'],
    ['2026-10-01T10:00:00.12Z', '2026-10-01 10:00:00.12'],
    ['2026-10-01T10:00:00.123Z', '2026-10-01 10:00:00.123'],
    ['2026-10-01T10:00:00.123456Z', '2026-10-01 10:00:00.123456'],
    ['2026-10-01T10:00:00.123456789Z', '2026-10-01 10:00:00.123456789'],
    ['2026-10-01T10:00:00.000000Z', '2026-10-01 10:00:00.000000'],
  ])('writes UTC %s as %s, keeping every fraction digit', (iso, expected) => {
    expect(chDateTime(iso)).toBe(expected)
  })

  it.each([
    ['2026-10-01T12:00:00+02:00', '2026-10-01 10:00:00'],
    ['2026-10-01T12:00:00.5+02:00', '2026-10-01 10:00:00.5'],
    ['2026-10-01T01:30:00.123456789-05:30', '2026-10-01 07:00:00.123456789'],
    ['2026-10-01T10:00:00.000001+00:00', '2026-10-01 10:00:00.000001'],
    ['2026-10-01T10:00:00-00:00', '2026-10-01 10:00:00'],
    ['2026-01-01T01:00:00+02:00', '2025-12-31 23:00:00'],
    ['2025-12-31T23:30:00.25-01:00', '2026-01-01 00:30:00.25'],
    ['2028-02-29T23:00:00-03:00', '2028-03-01 02:00:00'],
  ])('converts %s with an offset to UTC %s', (iso, expected) => {
    expect(chDateTime(iso)).toBe(expected)
  })

  it('falls back to the Date parser for other forms, at millisecond precision', () => {
    expect(chDateTime('2026-10-01')).toBe('2026-10-01 00:00:00.000')
    expect(chDateTime('2026-10-01T10:00:00.123+0200')).toBe('2026-10-01 08:00:00.123')
  })

  it.each(['', 'not a date', '2026-13-45', 'yesterday at noon'])('throws a RangeError naming %j', (text) => {
    expect(() => chDateTime(text)).toThrow(new RangeError(`not a timestamp: ${text}`))
  })

  it('throws a RangeError for an impossible time with an offset', () => {
    expect(() => chDateTime('2026-10-01T25:00:00+02:00')).toThrow(RangeError)
  })
})
