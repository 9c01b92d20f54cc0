import { describe, expect, it } from 'vitest'
import { ruleFileJsonSchema } from './json-schema.js'

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; required?: string[] }

describe('ruleFileJsonSchema', () => {
  const schema = ruleFileJsonSchema() as Schema

  it('describes a rule file', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema['$id']).toBe('https://vigil.dev/schemas/rule-file.schema.json')
    expect(schema['type']).toBe('object')
    expect(schema['additionalProperties']).toBe(false)
    expect(Object.keys(schema.properties ?? {})).toEqual(['lists', 'macros', 'rules'])
  })

  it('offers an override or a rule for each entry of rules', () => {
    const entries = schema.properties?.['rules']?.items?.anyOf ?? []
    expect(entries).toHaveLength(2)
    const [override, rule] = entries as [Schema, Schema]
    expect(override.required).toEqual(['id', 'override'])
    expect(Object.keys(override.properties ?? {})).toEqual(['id', 'override', 'enabled', 'severity', 'exceptions'])
    expect(rule.required).toEqual(['id', 'title', 'description', 'severity', 'output'])
    expect(Object.keys(rule.properties ?? {})).toEqual([
      'id', 'version', 'title', 'description', 'severity', 'enabled', 'match', 'condition', 'metadata_condition', 'exceptions', 'output', 'tags', 'controls', 'threshold', 'falco', 'evidence', 'tests',
    ])
    expect(rule.properties?.['severity']?.['enum']).toEqual(['info', 'low', 'medium', 'high', 'critical'])
  })

  it('includes evidence paths and per-test lists', () => {
    const rule = schema.properties?.['rules']?.items?.anyOf?.[1] as Schema
    const evidence = rule.properties?.['evidence'] as Schema
    expect(evidence['type']).toBe('array')
    expect(new RegExp(String(evidence.items?.['pattern'])).test('requestObject.data[keys]')).toBe(true)
    expect(new RegExp(String(evidence.items?.['pattern'])).test('annotations["a/b"]')).toBe(true)
    expect(new RegExp(String(evidence.items?.['pattern'])).test('bad path')).toBe(false)
    const test = rule.properties?.['tests']?.items as Schema
    expect(Object.keys(test.properties ?? {})).toEqual(['name', 'fires', 'event', 'events', 'cluster', 'lists'])
    expect(test.properties?.['lists']).toMatchObject({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } })
  })
})
