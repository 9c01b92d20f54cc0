import { describe, expect, it } from 'vitest'
import { compileRules, loadRuleSources, runRuleTests } from '@vigil/rules'
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
})
