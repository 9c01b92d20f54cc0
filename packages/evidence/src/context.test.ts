import { describe, expect, it } from 'vitest'
import { createEvidenceCatalog, rulePackVersion } from './context.js'
import { parsePeriod } from './period.js'
import { closest } from './suggest.js'

const catalog = createEvidenceCatalog({
  catalogs: [{ framework: 'soc2', name: 'SOC 2', version: '2017', controls: [{ id: 'CC6.1', title: 'a', summary: 'a' }, { id: 'CC6.3', title: 'b', summary: 'b' }, { id: 'CC7.2', title: 'c', summary: 'c' }] }],
  rules: [
    { id: 'r.b', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'population' }] },
    { id: 'r.a', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'population' }, { framework: 'soc2', id: 'CC6.3', role: 'exception' }] },
    { id: 'r.off', enabled: false, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'exception' }] },
  ],
  sources: [{ file: 'rules/a.yaml', text: 'x' }],
  views: [],
})

describe('evidence catalog', () => {
  it("maps each control to its enabled rules by role, sorted", () => {
    expect(catalog.control('soc2', 'CC6.3')).toMatchObject({ population_rules: ['r.a', 'r.b'], exception_rules: ['r.a'] })
    expect(catalog.controls('soc2').map((c) => c.id)).toEqual(['CC6.1', 'CC6.3', 'CC7.2'])
    expect(catalog.catalogVersion('soc2')).toBe('2017')
    expect(catalog.rulePackVersion).toBe(rulePackVersion([{ file: 'rules/a.yaml', text: 'x' }]))
    expect(rulePackVersion([{ file: 'rules/a.yaml', text: 'y' }])).not.toBe(catalog.rulePackVersion)
  })
  it('says "did you mean" for unknown frameworks and controls', () => {
    expect(() => catalog.control('soc3', 'CC6.3')).toThrow(expect.objectContaining({ code: 'unknown_framework', message: expect.stringContaining('did you mean "soc2"') }))
    expect(() => catalog.control('soc2', 'CC6.4')).toThrow(expect.objectContaining({ code: 'unknown_control', message: expect.stringMatching(/no control "CC6.4"; did you mean "CC6.1" or "CC6.3"/) }))
    expect(closest('cc7.2', ['CC6.1', 'CC7.2'])[0]).toBe('CC7.2')
    expect(closest('zzzzzzzz', ['CC6.1'])).toEqual([])
  })
})

describe('periods', () => {
  it('takes dates as midnight UTC and instants with a zone', () => {
    expect(parsePeriod('2026-10-01', '2027-01-01', 400)).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z', tz: 'UTC', boundary: '[start,end)' })
    expect(parsePeriod('2026-10-01T02:00:00+02:00', '2026-10-02T00:00:00Z', 400).start).toBe('2026-10-01T00:00:00.000Z')
  })
  it('refuses malformed dates, an end not after the start, and spans over the maximum', () => {
    expect(() => parsePeriod('2026-13-45', '2027-01-01', 400)).toThrow(expect.objectContaining({ code: 'invalid_period', message: expect.stringMatching(/start "2026-13-45" is not a date/) }))
    expect(() => parsePeriod('2026-10-01T00:00:00', '2027-01-01', 400)).toThrow(expect.objectContaining({ code: 'invalid_period' }))
    expect(() => parsePeriod('2026-10-01', '2026-10-01', 400)).toThrow(expect.objectContaining({ message: expect.stringMatching(/is not after start/) }))
    expect(() => parsePeriod('2025-01-01', '2026-10-01', 400)).toThrow(expect.objectContaining({ message: expect.stringMatching(/spans 638 days; the maximum is 400/) }))
  })
})
