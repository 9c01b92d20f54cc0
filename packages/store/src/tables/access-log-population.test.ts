import { describe, expect, it } from 'vitest'
import { accessLogPopulationCsvQuery, accessLogPopulationQuery } from './access-log-population.js'
import { populationCsvQuery, populationQuery, populationSourceOf } from './populations.js'

const spec = { rule_ids: ['r.b', 'r.a'], clusters: ['c2', 'c1'], start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z', as_of: '2026-10-02T00:00:00.000Z' }

describe('the access-log population query', () => {
  it('is fixed text over access_log_v1 with sorted parameters and no rule ids', () => {
    const { query, params } = accessLogPopulationQuery(spec)
    expect(query).toBe(accessLogPopulationQuery({ ...spec, clusters: ['x'] }).query)
    expect(query).toMatch(/^SELECT id, at, principal, [^\n]+\nFROM access_log_v1\n[\s\S]*ORDER BY at, id\n$/)
    expect(params).toEqual({ as_of: '2026-10-02 00:00:00.000', clusters: ['c1', 'c2'], end: '2026-10-02 00:00:00', start: '2026-10-01 00:00:00' })
  })

  it('is told apart from an audit-event population by its text alone', () => {
    expect(populationSourceOf(accessLogPopulationQuery(spec).query)).toBe('access_log')
    expect(populationSourceOf(populationQuery(spec).query)).toBe('audit_events')
    expect(populationSourceOf('SELECT 1')).toBe('audit_events')
  })

  it('has a CSV form with the same rows and order, and refuses another query', () => {
    const { query } = accessLogPopulationQuery(spec)
    const csv = accessLogPopulationCsvQuery(query)
    expect(csv.slice(csv.indexOf('\nFROM'))).toBe(query.slice(query.indexOf('\nFROM')))
    expect(csv).toContain("arrayStringConcat(clusters, ';')")
    expect(() => accessLogPopulationCsvQuery(populationQuery(spec).query)).toThrow(/not an access-log population query/)
    expect(() => populationCsvQuery(query)).toThrow(/not a population query/)
  })
})
