import { AppError } from '@vigil/core'
import { createActivationFactory } from './activation.js'
import { createCelCompiler } from './compile/cel-compiler.js'
import type { CompiledRule, CompileOptions, Ruleset } from './compile/compiled.js'
import { applyConfigLists } from './compile/config-lists.js'
import { compileMacros } from './compile/macros.js'
import { applyOverrides } from './compile/overrides.js'
import { parseRuleFiles } from './compile/parse-files.js'
import { compileRule } from './compile/rule.js'
import type { RuleSource } from './schema.js'

export type { CompiledException, CompiledRule, CompiledThreshold, CompileOptions, Ruleset } from './compile/compiled.js'
export { splitClauses } from './compile/clauses.js'
export { eventFieldProblem } from './compile/event-fields.js'

/**
 * Compiles rule sources into a ruleset. Pure. Every problem in every file
 * is collected; if there is any, one `invalid_rule` error lists them all
 * with file, line, rule and position.
 *
 * The steps, each in its own module: parse the files (YAML, schema) →
 * apply config lists → apply overrides → build the CEL environment →
 * compile the macros → compile each rule.
 */
export function compileRules(sources: readonly RuleSource[], options: CompileOptions = {}): Ruleset {
  const problems: string[] = []
  const defs = parseRuleFiles(sources, problems)
  applyConfigLists(defs.lists, options.lists, problems)
  applyOverrides(defs, problems)
  const lists = Object.fromEntries([...defs.lists].map(([k, v]) => [k, Object.freeze([...v])])) as Record<string, readonly string[]>
  const cel = createCelCompiler(defs.macros.keys(), lists, problems)
  const macros = compileMacros(defs.macros, cel, problems)
  const rules: CompiledRule[] = []
  for (const [id, def] of defs.rules) {
    const rule = compileRule(id, def, { lists, cel, macros, problems })
    if (rule !== undefined) rules.push(rule)
  }
  if (problems.length > 0) {
    throw new AppError('invalid_rule', `${problems.length} problem(s) in the rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
  return {
    rules,
    sources,
    options,
    lists,
    macros: new Map([...defs.macros].map(([k, v]) => [k, v.def.condition])),
    activation: createActivationFactory(macros.programs, lists),
    candidates: new Map(),
    starved: new Map(),
  }
}
