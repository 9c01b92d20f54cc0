import type { Definitions } from './parse-files.js'

/**
 * Step 3: applies `override: true` entries to the rules they name, in place:
 * `enabled` and `severity` replace, `exceptions` append (remembering where
 * each was written, so its problems point at the override's file).
 */
export function applyOverrides(defs: Pick<Definitions, 'rules' | 'overrides'>, problems: string[]): void {
  for (const { override: o, at, located, index } of defs.overrides) {
    const target = defs.rules.get(o.id)
    if (target === undefined) {
      problems.push(`${at}: rule ${o.id}: override of a rule that is not defined`)
      continue
    }
    if (o.enabled !== undefined) target.rule.enabled = o.enabled
    if (o.severity !== undefined) target.rule.severity = o.severity
    if (o.exceptions !== undefined) {
      target.rule.exceptions = [...target.rule.exceptions, ...o.exceptions]
      target.exceptionSites.push(...o.exceptions.map((_, j) => ({ located, path: ['rules', index, 'exceptions', j] })))
    }
  }
}
