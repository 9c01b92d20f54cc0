import type { Ruleset } from './compile.js'
import { candidatesFor, evaluateCompiled } from './evaluate.js'
import { completeTestEvent } from './test-event.js'

export interface RuleTestResult {
  rule_id: string
  test: string
  expected: boolean
  actual: boolean
  passed: boolean
  detail: string
}

/** Runs every rule's embedded tests through the same evaluator the analyzer uses. */
export function runRuleTests(ruleset: Ruleset, filter?: (ruleId: string) => boolean): RuleTestResult[] {
  const results: RuleTestResult[] = []
  for (const rule of ruleset.rules) {
    if (filter !== undefined && !filter(rule.id)) continue
    for (const t of rule.tests) {
      const { event, error } = completeTestEvent(t.event)
      if (event === undefined) {
        results.push({ rule_id: rule.id, test: t.name, expected: t.fires, actual: false, passed: false, detail: `invalid test event: ${error}` })
        continue
      }
      const cluster = t.cluster ?? 'test'
      const indexed = candidatesFor({ ...ruleset, rules: [{ ...rule, enabled: true }], candidates: new Map() }, event).length > 0
      const verdict = indexed ? evaluateCompiled(rule, event, ruleset.activation(event, cluster)) : { matched: false, reason: 'not selected by match', evidence: {} }
      const passed = verdict.matched === t.fires
      results.push({
        rule_id: rule.id,
        test: t.name,
        expected: t.fires,
        actual: verdict.matched,
        passed,
        detail: 'error' in verdict && verdict.error !== undefined ? `error: ${verdict.error}` : verdict.reason,
      })
    }
  }
  return results
}
