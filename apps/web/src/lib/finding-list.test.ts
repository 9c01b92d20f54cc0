import { describe, expect, it } from 'vitest'
import type { Finding } from '../api/client'
import { apiQuery, filtersFromQuery, queryFromFilters } from './finding-filters'
import { compareFindings, parseSort, sortFindings } from './sort-findings'
import { ageLabel, localLabel, utcLabel } from './time'
import { visibleRange } from './virtual'

const f = (id: string, severity: Finding['severity'], event_time: string, user = 'u'): Finding =>
  ({ finding_id: id, severity, event_time, user, rule_id: 'r', cluster: 'c', namespace: 'n' }) as Finding

describe('filters in the URL', () => {
  it('round-trips through the query string, dropping what it does not know', () => {
    const q = new URLSearchParams('severity=high,bogus,critical&rule_id=rbac.x&user=alice&since=24h&cluster=a,b&junk=1')
    const filters = filtersFromQuery(q)
    expect(filters).toEqual({ severity: ['critical', 'high'], rule_id: 'rbac.x', cluster: 'a,b', namespace: '', user: 'alice', since: '24h' })
    expect(queryFromFilters(filters, 'severity:desc')).toBe('?severity=critical%2Chigh&rule_id=rbac.x&cluster=a%2Cb&user=alice&since=24h&sort=severity%3Adesc')
    expect(filtersFromQuery(new URLSearchParams(queryFromFilters(filters, undefined)))).toEqual(filters)
    expect(filtersFromQuery(new URLSearchParams('since=5y')).since).toBe('')
  })

  it('becomes the API query, with since turned into a from time', () => {
    const now = Date.parse('2026-11-10T12:00:00Z')
    expect(apiQuery(filtersFromQuery(new URLSearchParams('severity=high&cluster=a, b&since=1h')), now)).toEqual({ severity: ['high'], cluster: ['a', 'b'], from: '2026-11-10T11:00:00.000Z' })
    expect(apiQuery(filtersFromQuery(new URLSearchParams('')), now)).toEqual({})
  })
})

describe('sorting', () => {
  const list = [f('1', 'low', '2026-01-01T00:00:02Z', 'bob'), f('2', 'critical', '2026-01-01T00:00:01Z', 'alice'), f('3', 'low', '2026-01-01T00:00:03Z', 'carol')]

  it('keeps the API order (newest first) for the default sort, without copying', () => {
    expect(sortFindings(list, parseSort(null))).toBe(list)
  })

  it('sorts by severity, then newest first', () => {
    expect(sortFindings(list, { key: 'severity', dir: 'desc' }).map((x) => x.finding_id)).toEqual(['2', '3', '1'])
    expect(sortFindings(list, { key: 'severity', dir: 'asc' }).map((x) => x.finding_id)).toEqual(['3', '1', '2'])
  })

  it('sorts by text columns and by age both ways', () => {
    expect(sortFindings(list, { key: 'user', dir: 'asc' }).map((x) => x.user)).toEqual(['alice', 'bob', 'carol'])
    expect(sortFindings(list, { key: 'age', dir: 'desc' }).map((x) => x.finding_id)).toEqual(['2', '1', '3'])
    expect(compareFindings(list[0] as Finding, list[0] as Finding, { key: 'user', dir: 'asc' })).toBe(0)
  })

  it('reads a sort from the URL, falling back to the default', () => {
    expect(parseSort('rule:desc')).toEqual({ key: 'rule', dir: 'desc' })
    expect(parseSort('nonsense:desc')).toEqual({ key: 'age', dir: 'asc' })
  })
})

describe('times', () => {
  it('shows UTC on hover and the reader\'s zone on the page', () => {
    expect(utcLabel('2026-11-02T09:15:00.000000Z')).toBe('2026-11-02 09:15:00 UTC')
    expect(localLabel('2026-11-02T09:15:00Z', { zone: 'Europe/Berlin', locale: 'en-GB' })).toBe('2 Nov 2026, 10:15:00')
    expect(localLabel('2026-11-02T09:15:00Z', { zone: 'America/New_York', locale: 'en-US' })).toBe('Nov 2, 2026, 4:15:00 AM')
  })

  it('says how long ago, compactly', () => {
    const now = Date.parse('2026-11-10T12:00:00Z')
    expect(ageLabel('2026-11-10T11:59:30Z', now)).toBe('just now')
    expect(ageLabel('2026-11-10T09:00:00Z', now)).toBe('3h ago')
    expect(ageLabel('2026-11-01T12:00:00Z', now)).toBe('1w ago')
    expect(ageLabel('2018-10-26T14:26:34Z', now)).toBe('8y ago')
  })
})

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 520, 52, 100_000, 8)).toEqual({ start: 0, end: 19 })
    expect(visibleRange(52 * 1000, 520, 52, 100_000, 8)).toEqual({ start: 992, end: 1019 })
    expect(visibleRange(52 * 99_999, 520, 52, 100_000, 8)).toEqual({ start: 99_991, end: 100_000 })
    expect(visibleRange(0, 520, 52, 0, 8)).toEqual({ start: 0, end: 0 })
  })
})
