import type { AuditEvent } from '@vigil/core'
import { compileRules, type CompiledRule, type Ruleset } from './compile.js'
import { evaluateCompiled } from './evaluate.js'
import { checkStatic, staticKeyOf } from './match.js'
import { eventsUnder, STAGE_SETS, type StageSetName } from './stage-matrix.js'
import { completeTestEvent } from './test-event.js'
import { ThresholdTracker } from './threshold.js'

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
  // An example that sets lists runs on the same sources recompiled with them.
  const withLists = new Map<string, Ruleset>()
  const rulesetFor = (lists: Record<string, string[]> | undefined): Ruleset => {
    if (lists === undefined) return ruleset
    const key = JSON.stringify(lists)
    let rs = withLists.get(key)
    if (rs === undefined) {
      rs = compileRules(ruleset.sources, { lists: [...(ruleset.options.lists ?? []), ...Object.entries(lists).map(([name, items]) => ({ name, items }))] })
      withLists.set(key, rs)
    }
    return rs
  }
  for (const rule of ruleset.rules) {
    if (filter !== undefined && !filter(rule.id)) continue
    for (const t of rule.tests) {
      const partials = t.events ?? [t.event as Record<string, unknown>]
      const events: AuditEvent[] = []
      let invalid: string | undefined
      partials.forEach((p, i) => {
        const { event, error } = completeTestEvent({ auditID: `test-${i}`, ...p })
        if (event === undefined) invalid ??= `event ${i + 1}: ${error}`
        else events.push(event)
      })
      if (invalid !== undefined) {
        results.push({ rule_id: rule.id, test: t.name, expected: t.fires, actual: false, passed: false, detail: `invalid test event: ${invalid}` })
        continue
      }
      const rs = rulesetFor(t.lists)
      const target = rs.rules.find((r) => r.id === rule.id) ?? rule
      const cluster = t.cluster ?? 'test'
      const { fired, detail } = runExample(rs, target, events, cluster)
      // The same example under each stage set: the verdict must not depend on the audit policy's stages (ADR 0012).
      const differ = (Object.keys(STAGE_SETS) as StageSetName[]).filter((set) => runExample(rs, target, events.flatMap((e) => eventsUnder(e, STAGE_SETS[set])), cluster).fired !== fired)
      const passed = fired === t.fires && differ.length === 0
      results.push({ rule_id: rule.id, test: t.name, expected: t.fires, actual: fired, passed, detail: differ.length === 0 ? detail : `${detail}; but it ${fired ? 'does not fire' : 'fires'} when the policy keeps the stages ${differ.map((d) => `[${STAGE_SETS[d].join(', ')}]`).join(' and ')}` })
    }
  }
  return results
}

/** Feeds an example through the rule as the analyzer would: match, condition, exceptions, then the threshold. An example fires when any of its events does: a rule reports a request once. */
function runExample(ruleset: Ruleset, rule: CompiledRule, events: readonly AuditEvent[], cluster: string): { fired: boolean; detail: string } {
  const tracker = new ThresholdTracker()
  let detail = 'no event matched'
  for (const event of events) {
    // The analyzer's candidate selection (candidatesFor), for this rule alone and even if disabled.
    if (rule.inert || checkStatic(rule.match.static, staticKeyOf(event)) !== undefined) {
      detail = 'not selected by match'
      continue
    }
    const activation = ruleset.activation(event, cluster)
    const verdict = evaluateCompiled(rule, event, activation)
    detail = verdict.error !== undefined ? `error: ${verdict.error}` : verdict.reason
    if (!verdict.matched) continue
    if (rule.threshold === undefined) return { fired: true, detail }
    const { crossing } = tracker.observe(rule, activation, cluster)
    if (crossing !== undefined) return { fired: true, detail: `threshold reached: ${crossing.count} in ${rule.threshold.window}` }
    detail = `matched, below the threshold of ${rule.threshold.count}`
  }
  return { fired: false, detail }
}
