import type { AuditEvent } from '@vigil/core'
import type { Ruleset } from './compile.js'
import { evaluateCompiled } from './evaluate.js'
import { checkStatic, staticKeyOf } from './match.js'

export interface Explanation {
  rule_id: string
  matched: boolean
  steps: { step: string; ok: boolean; detail: string }[]
  reason: string
  evidence: Record<string, unknown>
}

/** Why one rule matched an event, or the first clause that failed. */
export function explainRule(ruleset: Ruleset, ruleId: string, event: AuditEvent, cluster: string): Explanation | undefined {
  const rule = ruleset.rules.find((r) => r.id === ruleId)
  if (rule === undefined) return undefined
  const steps: Explanation['steps'] = []
  if (!rule.enabled) steps.push({ step: 'enabled', ok: false, detail: 'the rule is disabled (it would be skipped)' })
  if (rule.inert) steps.push({ step: 'lists', ok: false, detail: 'the condition reads only lists, and with the current lists it is false for every event (the rule is inert)' })
  const activation = ruleset.activation(event, cluster)
  const stat = checkStatic(rule.match.static, staticKeyOf(event))
  const stageNote = stat?.startsWith('stage ') === true ? ` (the rule reads ${rule.needs.because.join(', ')}, which that stage does not carry; it needs audit level ${rule.needs.level})` : ''
  steps.push({ step: 'match (stage, verb, resource)', ok: stat === undefined, detail: stat === undefined ? 'accepted' : `${stat}${stageNote}` })
  if (stat === undefined) {
    const dyn = rule.match.dynamic(event)
    steps.push({ step: 'match (namespace, user, groups, code)', ok: dyn === undefined, detail: dyn ?? 'accepted' })
    if (dyn === undefined) {
      for (const clause of rule.clauses) {
        let ok = false
        let detail: string
        try {
          const v = clause.program(activation)
          ok = v === true
          detail = `= ${JSON.stringify(typeof v === 'bigint' ? Number(v) : v)}`
        } catch (err) {
          detail = `error: ${(err as Error).message.split('\n')[0]}`
        }
        steps.push({ step: `condition: ${clause.text}`, ok, detail })
        if (!ok) break
      }
    }
  }
  const verdict = evaluateCompiled(rule, event, activation)
  const matched = stat === undefined && verdict.matched && rule.enabled && !rule.inert
  if (stat === undefined && verdict.reason.startsWith('excepted')) steps.push({ step: 'exceptions', ok: false, detail: verdict.reason })
  // evaluateCompiled assumes the static match passed: past a static failure its verdict is not the rule's.
  return { rule_id: rule.id, matched, steps, reason: stat ?? verdict.error ?? verdict.reason, evidence: stat === undefined ? verdict.evidence : {} }
}
