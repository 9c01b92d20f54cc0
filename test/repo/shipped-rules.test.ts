import { describe, expect, it } from 'vitest'
import { compileRules, completeTestEvent, evaluateCompiled, loadRuleSources, runRuleTests } from '@vigil/rules'
import { fileURLToPath } from 'node:url'

const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url))

describe('the shipped rule packs', () => {
  const ruleset = compileRules(loadRuleSources([RULES_DIR]))

  it('compile', () => {
    expect(ruleset.rules.length).toBeGreaterThanOrEqual(4)
  })

  it('each rule has a firing and a non-firing example, and every example passes', () => {
    for (const rule of ruleset.rules) {
      expect(rule.tests.some((t) => t.fires), `${rule.id} has a firing example`).toBe(true)
      expect(rule.tests.some((t) => !t.fires), `${rule.id} has a non-firing example`).toBe(true)
    }
    const failures = runRuleTests(ruleset).filter((r) => !r.passed)
    expect(failures).toEqual([])
  })

  it('a rule whose condition can hold without a body declares a metadata_condition (it is not judged on Metadata events otherwise)', () => {
    const sources = loadRuleSources([RULES_DIR])
    const silent: string[] = []
    for (const rule of ruleset.rules) {
      if (rule.needs.level === 'Metadata' || rule.metadataCondition !== undefined) continue
      for (const t of rule.tests) {
        if (!t.fires || t.event === undefined) continue
        const rs = t.lists === undefined ? ruleset : compileRules(sources, { lists: Object.entries(t.lists).map(([name, items]) => ({ name, items })) })
        const { requestObject: _q, responseObject: _r, ...metadata } = t.event
        const { event } = completeTestEvent({ auditID: 'm', ...metadata, level: 'Metadata' })
        if (event === undefined) continue
        const target = rs.rules.find((r) => r.id === rule.id) ?? rule
        // The condition alone, as the engine judged every event before the level was part of the index.
        if (evaluateCompiled(target, event, rs.activation(event, t.cluster ?? 'test')).matched) silent.push(`${rule.id}: ${t.name}`)
      }
    }
    expect(silent).toEqual([])
  })
})
