import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import { AppError, type ControlRef, type Severity } from '@vigil/core'
import { createActivationFactory, parsePath, type Activation, type MacroProgram } from './activation.js'
import { CEL_VARIABLES, createBaseEnvironment, isCelVariable, type CelProgram } from './cel.js'
import { referencedPaths } from './evidence.js'
import type { RuleSource } from './load.js'
import { compileMatch, type CompiledMatch } from './match.js'
import { templateFields } from './output.js'
import { ListDef, MacroDef, Rule, RuleFile, RuleOverride, type RuleException, type RuleTest, type Threshold } from './schema.js'

export interface CompiledException {
  name: string
  reason: string
  approver: string
  /** Epoch ms of the first instant the exception no longer applies. */
  expiresAt: number | undefined
  expires: string | undefined
  match: CompiledMatch | undefined
  condition: CelProgram | undefined
}

export interface CompiledThreshold {
  count: number
  windowMs: number
  window: string
  by: string[]
  distinct: string | undefined
}

export interface CompiledRule {
  id: string
  version: number
  title: string
  description: string
  severity: Severity
  enabled: boolean
  /** The condition is false whatever the event (it reads only lists, and they make it false). */
  inert: boolean
  tags: string[]
  controls: ControlRef[]
  falco: string[]
  output: string
  match: CompiledMatch
  conditionText: string
  condition: CelProgram
  /** Top-level `&&` clauses, each compiled, for `vigil rules explain`. */
  clauses: { text: string; program: CelProgram }[]
  evidencePaths: string[]
  exceptions: CompiledException[]
  threshold: CompiledThreshold | undefined
  tests: RuleTest[]
  /** Where the rule is defined: `file:line`. */
  source: string
}

export interface Ruleset {
  /** Every rule, enabled or not, in definition order. */
  rules: readonly CompiledRule[]
  /** What it was compiled from, so a rule's examples can be rerun with other lists. */
  sources: readonly RuleSource[]
  options: CompileOptions
  lists: Readonly<Record<string, readonly string[]>>
  macros: ReadonlyMap<string, string>
  activation: (event: Parameters<ReturnType<typeof createActivationFactory>>[0], cluster: string) => Activation
  /** Memo of candidate rules per static key (stage, verb, group, resource, subresource). */
  candidates: Map<string, readonly CompiledRule[]>
}

export interface CompileOptions {
  /** Extra list definitions applied after the files (config-level overrides). */
  lists?: readonly { name: string; items: string[]; append?: boolean }[]
}

interface Located {
  file: string
  doc: Document
  lines: LineCounter
}

function positionOf(at: Located, path: readonly (string | number)[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = at.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node?.range !== undefined) {
      const { line, col } = at.lines.linePos(node.range[0])
      return `${at.file}:${line}:${col}`
    }
  }
  return at.file
}

/** Where a key (not its value) of the map at `path` is written; the map's position if it is not found. */
function keyPositionOf(at: Located, path: readonly (string | number)[], key: string): string {
  const map = at.doc.getIn(path, true)
  if (isMap(map)) {
    const k = map.items.find((p) => isScalar(p.key) && p.key.value === key)?.key as { range?: [number, number, number] } | undefined
    if (k?.range !== undefined) {
      const { line, col } = at.lines.linePos(k.range[0])
      return `${at.file}:${line}:${col}`
    }
  }
  return positionOf(at, path)
}

function durationMs(d: string): number {
  const n = Number(d.slice(0, -1))
  const unit = d.slice(-1)
  return n * (unit === 's' ? 1_000 : unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000)
}

/**
 * Splits `a && b && (c || d)` at top-level `&&`, respecting parentheses and strings.
 * `||` and `?:` bind more loosely than `&&`, so an expression with either at top
 * level is one clause: `a || b && c` is `a || (b && c)`, not `(a || b) && c`.
 */
export function splitClauses(expr: string): string[] {
  const out: string[] = []
  let looser = false
  let depth = 0
  let quote: string | undefined
  let start = 0
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i] as string
    if (quote !== undefined) {
      if (ch === '\\') i++
      else if (ch === quote) quote = undefined
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    else if (ch === '(' || ch === '[' || ch === '{') depth++
    else if (ch === ')' || ch === ']' || ch === '}') depth--
    else if (depth === 0 && ch === '&' && expr[i + 1] === '&') {
      out.push(expr.slice(start, i).trim())
      start = i + 2
      i++
    } else if (depth === 0 && ((ch === '|' && expr[i + 1] === '|') || (ch === '?' && expr[i - 1] !== '.'))) {
      looser = true
    }
  }
  if (looser) return [expr.trim()]
  out.push(expr.slice(start).trim())
  return out.filter((c) => c.length > 0)
}

function celPosition(expr: string, pos: number | undefined): string {
  if (pos === undefined) return ''
  const before = expr.slice(0, pos).split('\n')
  return ` at ${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`
}

/**
 * The typed parts of an audit.k8s.io/v1 Event: a field under them that is not
 * listed here is a typo, which would otherwise make a rule silently never fire.
 * Bodies, annotations and `user.extra` stay free-form.
 */
const EVENT_SUBFIELDS: Partial<Record<string, ReadonlySet<string>>> = {
  user: new Set(['username', 'uid', 'groups', 'extra']),
  impersonatedUser: new Set(['username', 'uid', 'groups', 'extra']),
  objectRef: new Set(['resource', 'namespace', 'name', 'uid', 'apiGroup', 'apiVersion', 'resourceVersion', 'subresource']),
  responseStatus: new Set(['metadata', 'status', 'message', 'reason', 'details', 'code']),
}

/** Why `path` (`user.username`, `annotations["a/b"]`) cannot name a field of an event, if it cannot; `shown` is how the message writes it. */
export function eventFieldProblem(path: string, shown = path): string | undefined {
  const [root, field] = parsePath(path).segments as [string, string | undefined]
  if (!isCelVariable(root)) return `unknown field ${shown}`
  if (root === 'lists') return `${shown} is a list, not an event field`
  if (field === undefined) return undefined
  if (CEL_VARIABLES[root] === 'string') return `unknown field ${shown} (${root} is a string)`
  const known = EVENT_SUBFIELDS[root]
  if (known !== undefined && !known.has(field)) return `unknown field ${shown} (${root} has ${[...known].join(', ')})`
  return undefined
}

/** The candidate nearest to `name` by edit distance, if it is near enough to be a typo. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined
  for (const c of candidates) {
    const d = editDistance(name, c)
    if (d <= Math.max(2, Math.floor(name.length / 4)) && (best === undefined || d < best.d)) best = { c, d }
  }
  return best?.c
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length] as number
}

/**
 * Compiles rule sources into a ruleset. Pure. Every problem in every file
 * is collected; if there is any, one `invalid_rule` error lists them all
 * with file, line, rule and position.
 */
export function compileRules(sources: readonly RuleSource[], options: CompileOptions = {}): Ruleset {
  const problems: string[] = []
  const lists = new Map<string, string[]>()
  const macroDefs = new Map<string, { def: MacroDef; at: string }>()
  /** Where each of a rule's exceptions is written: the rule itself, or the override that added it. */
  type ExceptionSite = { located: Located; path: (string | number)[] }
  const ruleDefs = new Map<string, { rule: Rule; at: string; located: Located; index: number; exceptionSites: ExceptionSite[] }>()
  const overrides: { o: RuleOverride; at: string; located: Located; index: number }[] = []

  const zodProblems = (at: Located, base: (string | number)[], error: z.ZodError, what: string) => {
    for (const issue of error.issues) {
      const path = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]
      const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
      if (issue.code === 'unrecognized_keys') {
        problems.push(`${keyPositionOf(at, path, issue.keys[0] as string)}: ${what}: ${field}unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`)
        continue
      }
      problems.push(`${positionOf(at, path)}: ${what}: ${field}${issue.message}`)
    }
  }

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
      zodProblems(at, [], parsed.error, 'file')
      continue
    }
    for (const [i, l] of parsed.data.lists.entries()) {
      const prev = lists.get(l.name)
      if (l.append) {
        if (prev === undefined) problems.push(`${positionOf(at, ['lists', i])}: list ${l.name}: append to a list that is not defined in an earlier file`)
        else prev.push(...l.items)
      } else {
        lists.set(l.name, [...l.items])
      }
    }
    for (const [i, m] of parsed.data.macros.entries()) {
      if (isCelVariable(m.name)) problems.push(`${positionOf(at, ['macros', i, 'name'])}: macro ${m.name}: the name is a built-in variable`)
      else macroDefs.set(m.name, { def: m, at: positionOf(at, ['macros', i]) })
    }
    for (const [i, raw] of parsed.data.rules.entries()) {
      const label = typeof raw['id'] === 'string' ? `rule ${raw['id']}` : `rule #${i + 1}`
      if (raw['override'] === true) {
        const o = RuleOverride.safeParse(raw)
        if (!o.success) zodProblems(at, ['rules', i], o.error, label)
        else overrides.push({ o: o.data, at: positionOf(at, ['rules', i]), located: at, index: i })
        continue
      }
      const r = Rule.safeParse(raw)
      if (!r.success) {
        zodProblems(at, ['rules', i], r.error, label)
        continue
      }
      const prev = ruleDefs.get(r.data.id)
      if (prev !== undefined) {
        problems.push(`${positionOf(at, ['rules', i, 'id'])}: ${label}: duplicate id, first defined at ${prev.at} (use override: true to change it)`)
        continue
      }
      ruleDefs.set(r.data.id, { rule: r.data, at: positionOf(at, ['rules', i]), located: at, index: i, exceptionSites: r.data.exceptions.map((_, j) => ({ located: at, path: ['rules', i, 'exceptions', j] })) })
    }
  }

  for (const extra of options.lists ?? []) {
    const parsed = ListDef.safeParse(extra)
    if (!parsed.success) {
      problems.push(`config lists.${extra.name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
      continue
    }
    const prev = lists.get(parsed.data.name)
    if (prev === undefined) {
      // A misspelt list name would otherwise leave the rule that reads the real one inert.
      const near = closest(parsed.data.name, [...lists.keys()])
      problems.push(`config lists.${parsed.data.name}: no rule file defines this list${near === undefined ? '' : `; did you mean ${near}?`}`)
      continue
    }
    if (parsed.data.append) prev.push(...parsed.data.items)
    else lists.set(parsed.data.name, [...parsed.data.items])
  }

  for (const { o, at, located, index } of overrides) {
    const target = ruleDefs.get(o.id)
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

  const frozenLists = Object.fromEntries([...lists].map(([k, v]) => [k, Object.freeze([...v])])) as Record<string, readonly string[]>

  // Macros: each is type-checked alone, with the other macros declared as dyn variables.
  let env = createBaseEnvironment()
  for (const name of macroDefs.keys()) env = env.registerVariable(name, 'dyn')
  const macroPrograms = new Map<string, MacroProgram>()
  const macroRefs = new Map<string, Set<string>>()
  const macroPaths = new Map<string, Set<string>>()
  /** Type-checks a condition and checks the lists and event fields it names; undefined (with problems) when it is wrong. */
  const compileCel = (text: string, where: string, wantBool: boolean): { program: CelProgram; refs: ReturnType<typeof referencedPaths> } | undefined => {
    try {
      const check = env.check(text) as { valid: boolean; type?: string; error?: { message: string; node?: { pos?: number } } }
      if (!check.valid) {
        problems.push(`${where}: CEL error${celPosition(text, check.error?.node?.pos)}: ${check.error?.message.split('\n')[0] ?? 'invalid'}`)
        return undefined
      }
      if (wantBool && check.type !== 'bool' && check.type !== 'dyn') {
        problems.push(`${where}: CEL error: the expression is a ${check.type}, not a bool`)
        return undefined
      }
      const program = env.parse(text) as unknown as CelProgram
      const refs = referencedPaths(program.ast)
      for (const name of refs.lists) if (!(name in frozenLists)) problems.push(`${where}: unknown list "${name}"`)
      for (const path of refs.paths) {
        const problem = eventFieldProblem(path)
        if (problem !== undefined) problems.push(`${where}: ${problem}`)
      }
      return { program, refs }
    } catch (err) {
      const e = err as Error & { node?: { pos?: number } }
      problems.push(`${where}: CEL error${celPosition(text, e.node?.pos)}: ${e.message.split('\n')[0]}`)
      return undefined
    }
  }
  for (const [name, { def, at }] of macroDefs) {
    const compiled = compileCel(def.condition, `${at}: macro ${name}`, false)
    if (compiled === undefined) continue
    const { program, refs } = compiled
    macroPrograms.set(name, program)
    macroRefs.set(name, new Set([...refs.identifiers].filter((id) => macroDefs.has(id))))
    macroPaths.set(name, refs.paths)
  }
  // Cycles would recurse forever at evaluation time.
  const state = new Map<string, 'visiting' | 'done'>()
  const cycle = (name: string, stack: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined
    if (state.get(name) === 'visiting') return [...stack, name]
    state.set(name, 'visiting')
    for (const ref of macroRefs.get(name) ?? []) {
      const found = cycle(ref, [...stack, name])
      if (found !== undefined) return found
    }
    state.set(name, 'done')
    return undefined
  }
  for (const name of macroDefs.keys()) {
    const found = cycle(name, [])
    if (found !== undefined) {
      problems.push(`${macroDefs.get(name)?.at}: macro ${name}: cycle ${found.join(' -> ')}`)
      break
    }
  }
  const pathsOf = (identifiers: Set<string>, paths: Set<string>, seen = new Set<string>()): Set<string> => {
    const out = new Set(paths)
    for (const id of identifiers) {
      if (!macroDefs.has(id) || seen.has(id)) continue
      seen.add(id)
      for (const p of pathsOf(macroRefs.get(id) ?? new Set(), macroPaths.get(id) ?? new Set(), seen)) out.add(p)
    }
    return out
  }

  const compiled: CompiledRule[] = []
  for (const [id, { rule, at, located, index, exceptionSites }] of ruleDefs) {
    // Positions name the file that wrote the field: an exception added by an override points there.
    const whereIn = (site: ExceptionSite, field: (string | number)[]) => `${positionOf(site.located, [...site.path, ...field])}: rule ${id}: ${[...site.path.slice(2), ...field].join('.')}`
    const where = (field: (string | number)[]) => whereIn({ located, path: ['rules', index] }, field)
    const missingList = (whereFn: (field: (string | number)[]) => string, prefix: (string | number)[]) => (field: string) => (name: string) => problems.push(`${whereFn([...prefix, field])}: unknown list "$${name}"`)
    const match = compileMatch(rule.match, frozenLists, missingList(where, ['match']))
    const compiledCondition = compileCel(rule.condition, where(['condition']), true)
    const exceptions = rule.exceptions.map((e: RuleException, i: number): CompiledException => {
      const site = exceptionSites[i] as ExceptionSite
      const whereEx = (field: (string | number)[]) => whereIn(site, field)
      return {
        name: e.name,
        reason: e.reason,
        approver: e.approver,
        expires: e.expires,
        expiresAt: e.expires === undefined ? undefined : Date.parse(`${e.expires}T00:00:00Z`),
        match: e.match === undefined ? undefined : compileMatch({ ...e.match, stages: ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] }, frozenLists, missingList(whereEx, ['match'])),
        condition: e.condition === undefined ? undefined : compileCel(e.condition, whereEx(['condition']), true)?.program,
      }
    })
    for (const field of templateFields(rule.output)) {
      const problem = eventFieldProblem(field, `{${field}}`)
      if (problem !== undefined) problems.push(`${where(['output'])}: ${problem}`)
    }
    for (const [i, path] of (rule.evidence ?? []).entries()) {
      const problem = eventFieldProblem(path)
      if (problem !== undefined) problems.push(`${where(['evidence', i])}: ${problem}`)
    }
    for (const [name] of rule.tests.flatMap((t) => Object.entries(t.lists ?? {}))) {
      if (!lists.has(name)) problems.push(`${where(['tests'])}: a test sets list "${name}", which is not defined`)
    }
    let threshold: CompiledThreshold | undefined
    if (rule.threshold !== undefined) {
      const t: Threshold = rule.threshold
      if (t.by[0] !== 'user.username') problems.push(`${where(['threshold', 'by'])}: must start with user.username, the event log's partition key (ADR 0003)`)
      // Threshold keys are read from the activation, so they may also name a macro.
      const keyProblem = (path: string) => (macroDefs.has(parsePath(path).segments[0] as string) ? undefined : eventFieldProblem(path))
      for (const [i, path] of t.by.entries()) {
        const problem = keyProblem(path)
        if (problem !== undefined) problems.push(`${where(['threshold', 'by', i])}: ${problem}`)
      }
      const distinctProblem = t.distinct === undefined ? undefined : keyProblem(t.distinct)
      if (distinctProblem !== undefined) problems.push(`${where(['threshold', 'distinct'])}: ${distinctProblem}`)
      threshold = { count: t.count, window: t.window, windowMs: durationMs(t.window), by: t.by, distinct: t.distinct }
    }
    if (compiledCondition === undefined) continue
    const { program: condition, refs } = compiledCondition
    const clauses = splitClauses(rule.condition).map((text) => ({ text, program: env.parse(text) as unknown as CelProgram }))
    const readPaths = pathsOf(refs.identifiers, refs.paths)
    // A condition that reads no event field (only lists and literals) has one value for
    // every event: fold it now, so a rule that is inert while its list is empty costs nothing.
    const evidenceFree = readPaths.size === 0 && [...refs.identifiers].every((id) => id === 'lists' || !isCelVariable(id))
    let inert = false
    if (evidenceFree && ![...refs.identifiers].some((id) => macroDefs.has(id))) {
      try {
        inert = condition({ lists: frozenLists }) !== true
      } catch {
        inert = false
      }
    }
    compiled.push({
      id,
      version: rule.version,
      title: rule.title,
      description: rule.description,
      severity: rule.severity,
      enabled: rule.enabled,
      inert,
      tags: rule.tags,
      controls: rule.controls,
      falco: rule.falco ?? [],
      output: rule.output,
      match,
      conditionText: rule.condition,
      condition,
      clauses,
      evidencePaths: rule.evidence ?? [...readPaths].sort(),
      exceptions,
      threshold,
      tests: rule.tests,
      source: at,
    })
  }

  if (problems.length > 0) {
    throw new AppError('invalid_rule', `${problems.length} problem(s) in the rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
  return {
    rules: compiled,
    sources,
    options,
    lists: frozenLists,
    macros: new Map([...macroDefs].map(([k, v]) => [k, v.def.condition])),
    activation: createActivationFactory(macroPrograms, frozenLists),
    candidates: new Map(),
  }
}
