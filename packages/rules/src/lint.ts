import type { CompiledRule, Ruleset } from './compile.js'
import type { ControlCatalog } from './controls.js'

export interface LintProblem {
  rule_id: string
  source: string
  problem: string
}

/**
 * What `vigil rules lint` checks beyond compilation (which already refuses
 * duplicate ids and broken CEL): every control reference resolves to a
 * catalog entry, and every rule ships a firing and a non-firing example.
 */
export function lintRuleset(ruleset: Ruleset, catalogs: readonly ControlCatalog[]): LintProblem[] {
  const known = new Map<string, Set<string>>()
  for (const c of catalogs) known.set(c.framework, new Set(c.controls.map((x) => x.id)))
  const problems: LintProblem[] = []
  const add = (r: CompiledRule, problem: string) => problems.push({ rule_id: r.id, source: r.source, problem })
  for (const rule of ruleset.rules) {
    for (const ref of rule.controls) {
      const ids = known.get(ref.framework)
      if (ids === undefined) add(rule, `control ${ref.framework}/${ref.id}: no catalog for framework ${ref.framework}`)
      else if (!ids.has(ref.id)) add(rule, `control ${ref.framework}/${ref.id} is not in the ${ref.framework} catalog`)
    }
    if (rule.controls.length === 0) add(rule, 'maps to no control (add controls: with a role)')
    if (!rule.tests.some((t) => t.fires)) add(rule, 'has no firing example (a test with fires: true)')
    if (!rule.tests.some((t) => !t.fires)) add(rule, 'has no non-firing example (a test with fires: false)')
    if (rule.threshold !== undefined && !rule.tests.some((t) => t.fires && t.events !== undefined)) add(rule, 'is a threshold rule: give a firing example as an events: sequence that reaches the count')
  }
  return problems
}
