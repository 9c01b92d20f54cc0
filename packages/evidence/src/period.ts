import { AppError } from '@vigil/core'
import type { Period } from './report.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** A date (midnight UTC) or an RFC 3339 instant with a zone, as an ISO instant; invalid_period otherwise. */
export function parseInstant(text: string, what: string): string {
  const ok = DATE.test(text) || INSTANT.test(text)
  const ms = ok ? Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text) : Number.NaN
  if (Number.isNaN(ms)) throw new AppError('invalid_period', `${what} "${text}" is not a date (YYYY-MM-DD, midnight UTC) or an RFC 3339 time with a zone (2026-10-01T00:00:00Z)`)
  return new Date(ms).toISOString()
}

/**
 * A report period [start, end) in UTC. A date means midnight UTC, so "1 October
 * to 31 December" is start=2026-10-01, end=2027-01-01. Refuses an end not after
 * the start and a span longer than `maxDays`.
 */
export function parsePeriod(start: string, end: string, maxDays: number): Period {
  const s = parseInstant(start, 'start')
  const e = parseInstant(end, 'end')
  if (Date.parse(e) <= Date.parse(s)) throw new AppError('invalid_period', `end ${e} is not after start ${s}; the period is [start, end)`)
  const days = (Date.parse(e) - Date.parse(s)) / 86_400_000
  if (days > maxDays) throw new AppError('invalid_period', `the period spans ${Math.ceil(days)} days; the maximum is ${maxDays} (evidence.max_period_days)`)
  return { start: s, end: e, tz: 'UTC', boundary: '[start,end)' }
}
