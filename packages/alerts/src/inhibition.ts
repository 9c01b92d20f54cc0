import type { AlertCandidate } from './candidate.js'
import type { InhibitRule } from './config.js'
import { compileWhen, type MatchField } from './matchers.js'

export interface CompiledInhibitRule {
  readonly name: string
  source(c: AlertCandidate): boolean
  target(c: AlertCandidate): boolean
  readonly equal: readonly MatchField[]
}

export function compileInhibitRules(rules: readonly InhibitRule[]): CompiledInhibitRule[] {
  return rules.map((r) => {
    const source = compileWhen(r.source)
    const target = compileWhen(r.target)
    return { name: r.name, source: (c) => source.test(c), target: (c) => target.test(c), equal: r.equal }
  })
}

/**
 * The rule that inhibits `c`, given the findings currently firing, or
 * undefined. As in Alertmanager, a finding matching both sides of a rule
 * cannot inhibit itself, and the `equal` fields must have the same values.
 */
export function inhibitedBy(rules: readonly CompiledInhibitRule[], firing: readonly AlertCandidate[], c: AlertCandidate): string | undefined {
  for (const rule of rules) {
    if (!rule.target(c)) continue
    const hit = firing.some((s) => s.finding_id !== c.finding_id && rule.source(s) && !(rule.source(c) && rule.target(s)) && rule.equal.every((f) => JSON.stringify(s[f]) === JSON.stringify(c[f])))
    if (hit) return rule.name
  }
  return undefined
}
