import { LineCounter, parseDocument } from 'yaml'
import { isCelVariable } from '../cel.js'
import { MacroDef, Rule, RuleFile, RuleOverride, type RuleSource } from '../schema.js'
import { positionOf, zodProblems, type Located } from './locate.js'

/** Where one of a rule's exceptions is written: the rule itself, or the override that added it. */
export interface ExceptionSite {
  located: Located
  path: (string | number)[]
}

export interface RuleDef {
  rule: Rule
  /** `file:line:col` of the rule. */
  at: string
  located: Located
  index: number
  exceptionSites: ExceptionSite[]
}

export interface OverrideDef {
  override: RuleOverride
  at: string
  located: Located
  index: number
}

/** Everything the files define, by name, before anything is compiled. */
export interface Definitions {
  lists: Map<string, string[]>
  macros: Map<string, { def: MacroDef; at: string }>
  rules: Map<string, RuleDef>
  overrides: OverrideDef[]
}

/**
 * Step 1: parses every file (YAML, then the zod schema) in order and collects
 * the definitions. Later lists replace earlier ones or append to them, later
 * macros replace earlier ones; a rule id may be defined once. Problems are
 * pushed to `problems`; a file with a YAML or top-level schema error adds nothing.
 */
export function parseRuleFiles(sources: readonly RuleSource[], problems: string[]): Definitions {
  const defs: Definitions = { lists: new Map(), macros: new Map(), rules: new Map(), overrides: [] }
  for (const source of sources) {
    const lines = new LineCounter()
    const doc = parseDocument(source.text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
    const at: Located = { file: source.file, doc, lines }
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        // prettyErrors is off (it would add a code frame to the message), so linePos is not set: compute it.
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0])
        problems.push(`${source.file}:${pos.line}:${pos.col}: YAML: ${e.message.split('\n')[0]}`)
      }
      continue
    }
    const parsed = RuleFile.safeParse(doc.toJS() ?? {})
    if (!parsed.success) {
      problems.push(...zodProblems(at, [], parsed.error, 'file'))
      continue
    }
    for (const [i, l] of parsed.data.lists.entries()) {
      const prev = defs.lists.get(l.name)
      if (l.append) {
        if (prev === undefined) problems.push(`${positionOf(at, ['lists', i])}: list ${l.name}: append to a list that is not defined in an earlier file`)
        else prev.push(...l.items)
      } else {
        defs.lists.set(l.name, [...l.items])
      }
    }
    for (const [i, m] of parsed.data.macros.entries()) {
      if (isCelVariable(m.name)) problems.push(`${positionOf(at, ['macros', i, 'name'])}: macro ${m.name}: the name is a built-in variable`)
      else defs.macros.set(m.name, { def: m, at: positionOf(at, ['macros', i]) })
    }
    for (const [i, raw] of parsed.data.rules.entries()) parseRuleEntry(defs, at, i, raw, problems)
  }
  return defs
}

function parseRuleEntry(defs: Definitions, at: Located, i: number, raw: Record<string, unknown>, problems: string[]): void {
  const label = typeof raw['id'] === 'string' ? `rule ${raw['id']}` : `rule #${i + 1}`
  if (raw['override'] === true) {
    const o = RuleOverride.safeParse(raw)
    if (!o.success) problems.push(...zodProblems(at, ['rules', i], o.error, label))
    else defs.overrides.push({ override: o.data, at: positionOf(at, ['rules', i]), located: at, index: i })
    return
  }
  const r = Rule.safeParse(raw)
  if (!r.success) {
    problems.push(...zodProblems(at, ['rules', i], r.error, label))
    return
  }
  const prev = defs.rules.get(r.data.id)
  if (prev !== undefined) {
    problems.push(`${positionOf(at, ['rules', i, 'id'])}: ${label}: duplicate id, first defined at ${prev.at} (use override: true to change it)`)
    return
  }
  defs.rules.set(r.data.id, {
    rule: r.data,
    at: positionOf(at, ['rules', i]),
    located: at,
    index: i,
    exceptionSites: r.data.exceptions.map((_, j) => ({ located: at, path: ['rules', i, 'exceptions', j] })),
  })
}
