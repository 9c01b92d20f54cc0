import { describe, expect, it } from 'vitest'
import { clustersFromQuery, dailySeries, periodFromQuery, periodLabel, quarterOf, scopeQuery } from './compliance'

describe('periods', () => {
  it('finds the calendar quarter, and the ones around it, across years', () => {
    const at = new Date('2026-12-07T21:00:00Z')
    expect(quarterOf(at)).toEqual({ start: '2026-10-01', end: '2027-01-01' })
    expect(quarterOf(at, -1)).toEqual({ start: '2026-07-01', end: '2026-10-01' })
    expect(quarterOf(new Date('2026-02-01T00:00:00Z'), -1)).toEqual({ start: '2025-10-01', end: '2026-01-01' })
  })

  it('names a quarter as such, and any other period by its first and last day', () => {
    expect(periodLabel({ start: '2026-10-01', end: '2027-01-01' })).toBe('Q4 2026')
    expect(periodLabel({ start: '2018-10-01', end: '2018-11-01' })).toBe('2018-10-01 – 2018-10-31')
  })

  it('reads the period from the URL, or falls back to the current quarter when it is missing or wrong', () => {
    const now = new Date('2026-12-07T00:00:00Z')
    expect(periodFromQuery(new URLSearchParams('start=2018-10-01&end=2018-11-01'), now)).toEqual({ start: '2018-10-01', end: '2018-11-01' })
    expect(periodFromQuery(new URLSearchParams('start=2018-11-01&end=2018-10-01'), now)).toEqual({ start: '2026-10-01', end: '2027-01-01' })
    expect(periodFromQuery(new URLSearchParams('start=yesterday&end=2018-10-01'), now)).toEqual({ start: '2026-10-01', end: '2027-01-01' })
    expect(periodFromQuery(new URLSearchParams(''), now)).toEqual({ start: '2026-10-01', end: '2027-01-01' })
  })

  it('reads a snapshot (as_of) with the period, and carries it on', () => {
    const now = new Date('2026-12-07T00:00:00Z')
    const p = periodFromQuery(new URLSearchParams('start=2018-10-01&end=2018-11-01&as_of=2026-12-07T10:00:00Z'), now)
    expect(p).toEqual({ start: '2018-10-01', end: '2018-11-01', asOf: '2026-12-07T10:00:00Z' })
    expect(scopeQuery(p, [])).toBe('start=2018-10-01&end=2018-11-01&as_of=2026-12-07T10%3A00%3A00Z')
    expect(periodFromQuery(new URLSearchParams('as_of=never'), now)).toEqual({ start: '2026-10-01', end: '2027-01-01' })
  })

  it('carries period and clusters in a query string and reads them back', () => {
    const q = scopeQuery({ start: '2026-10-01', end: '2027-01-01' }, ['a', 'b'], { framework: 'soc2' })
    expect(q).toBe('framework=soc2&start=2026-10-01&end=2027-01-01&cluster=a%2Cb')
    expect(clustersFromQuery(new URLSearchParams(q))).toEqual(['a', 'b'])
    expect(clustersFromQuery(new URLSearchParams('cluster='))).toEqual([])
  })
})

describe('dailySeries', () => {
  it('gives every day of the period, zero where nothing was counted', () => {
    const s = dailySeries({ start: '2018-10-24', end: '2018-10-28' }, [
      { key: '2018-10-25', count: 9 },
      { key: '2018-10-26', count: 38 },
      { key: '2018-11-02', count: 5 },
    ])
    expect(s).toEqual([
      { day: '2018-10-24', count: 0 },
      { day: '2018-10-25', count: 9 },
      { day: '2018-10-26', count: 38 },
      { day: '2018-10-27', count: 0 },
    ])
  })
})
