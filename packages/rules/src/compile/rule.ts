import { parsePath } from '../activation.js'
import { isCelVariable, type CelProgram } from '../cel.js'
import { referencedPaths } from '../evidence.js'
import { compileMatch, levelRank } from '../match.js'
import { REQUEST_STAGES, ruleNeeds } from '../needs.js'
import { templateFields } from '../output.js'
import type { RuleException, Threshold } from '../schema.js'
import type { CelCompiler } from './cel-compiler.js'
import { splitClauses } from './clauses.js'
import type { CompiledException, CompiledRule, CompiledThreshold } from './compiled.js'
import { eventFieldProblem } from './event-fields.js'
import { positionOf } from './locate.js'
import type { CompiledMacros } from './macros.js'
import type { ExceptionSite, RuleDef } from './parse-files.js'

export interface RuleContext {
  lists: Readonly<Record<string, readonly string[]>>
  cel: CelCompiler
  macros: CompiledMacros
  problems: string[]
}

export function durationMs(d: string): number {
  const n = Number(d.slice(0, -1))
  const unit = d.slice(-1)
  return n * (unit === 's' ? 1_000 : unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000)
}

/**
 * Step 6: compiles one rule (after overrides): its match, condition, clauses,
 * exceptions, threshold, and the field names its output and evidence use.
 * Returns undefined when the condition does not compile; other problems are
 * pushed and the rule is still returned, so every problem is reported at once.
 */
export function compileRule(id: string, def: RuleDef, ctx: RuleContext): CompiledRule | undefined {
  const { rule, at, located, index, exceptionSites } = def
  const { lists, cel, macros, problems } = ctx
  // Positions name the file that wrote the field: an exception added by an override points there.
  const whereIn = (site: ExceptionSite, field: (string | number)[]) => `${positionOf(site.located, [...site.path, ...field])}: rule ${id}: ${[...site.path.slice(2), ...field].join('.')}`
  const where = (field: (string | number)[]) => whereIn({ located, path: ['rules', index] }, field)
  const missingList = (whereFn: (field: (string | number)[]) => string, prefix: (string | number)[]) => (field: string) => (name: string) => problems.push(`${whereFn([...prefix, field])}: unknown list "$${name}"`)
  const anyStage = compileMatch(rule.match, lists, missingList(where, ['match']), REQUEST_STAGES)
  const compiledCondition = cel.compile(rule.condition, where(['condition']), true)
  /** Every identifier the rule's verdict depends on, through macros: it decides the stages and level the rule needs. */
  const roots = new Set<string>()
  const readBy = (identifiers: ReadonlySet<string>, whereFn: () => string) => {
    const r = macros.rootsOf(identifiers)
    if (r.has('stage')) problems.push(`${whereFn()}: reads stage; a rule is judged at the first stage that carries what it reads, whatever stages the audit policy keeps (ADR 0012)`)
    for (const id of r) roots.add(id)
  }
  if (compiledCondition !== undefined) readBy(compiledCondition.refs.identifiers, () => where(['condition']))
  // What the rule needs to fire at all: an exception that reads a body does not apply without one, so it does not raise the level.
  const firingRoots = new Set(roots)
  const fallback = rule.metadata_condition === undefined ? undefined : cel.compile(rule.metadata_condition, where(['metadata_condition']), true)
  if (fallback !== undefined) {
    readBy(fallback.refs.identifiers, () => where(['metadata_condition']))
    const fallbackRoots = macros.rootsOf(fallback.refs.identifiers)
    if (fallbackRoots.has('requestObject') || fallbackRoots.has('responseObject')) problems.push(`${where(['metadata_condition'])}: reads a body; it is the condition for events that have none`)
  }
  const exceptions = rule.exceptions.map((e: RuleException, i: number): CompiledException => {
    const whereEx = (field: (string | number)[]) => whereIn(exceptionSites[i] as ExceptionSite, field)
    const exCondition = e.condition === undefined ? undefined : cel.compile(e.condition, whereEx(['condition']), true)
    if (exCondition !== undefined) readBy(exCondition.refs.identifiers, () => whereEx(['condition']))
    return {
      name: e.name,
      reason: e.reason,
      approver: e.approver,
      expires: e.expires,
      expiresAt: e.expires === undefined ? undefined : Date.parse(`${e.expires}T00:00:00Z`),
      match: e.match === undefined ? undefined : compileMatch(e.match, lists, missingList(whereEx, ['match']), REQUEST_STAGES),
      condition: exCondition?.program,
    }
  })
  for (const e of rule.exceptions) for (const r of ruleNeeds([], e.match ?? {}).because) roots.add(r)
  for (const key of [...(rule.threshold?.by ?? []), ...(rule.threshold?.distinct === undefined ? [] : [rule.threshold.distinct])]) {
    readBy(new Set([parsePath(key).segments[0] as string]), () => where(['threshold']))
  }
  for (const key of [...(rule.threshold?.by ?? []), ...(rule.threshold?.distinct === undefined ? [] : [rule.threshold.distinct])]) {
    for (const r of macros.rootsOf(new Set([parsePath(key).segments[0] as string]))) firingRoots.add(r)
  }
  const needs = { ...ruleNeeds(roots, rule.match), level: ruleNeeds(firingRoots, rule.match).level }
  const bodyLevel = levelRank(needs.level)
  if (rule.metadata_condition !== undefined && bodyLevel === 0) problems.push(`${where(['metadata_condition'])}: the condition reads no body, so there is nothing to fall back from`)
  // Events without any body are not judged (a rule that reads one only as a fallback says so with
  // metadata_condition, which judges them). Request-level events are judged by rules that also read
  // the response body: what they read of the request may be enough.
  const match = { ...anyStage, static: { ...anyStage.static, stages: new Set<string>(needs.stages), level: fallback === undefined ? Math.min(bodyLevel, 1) : 0 } }
  checkFieldNames(rule.output, rule.evidence, where, problems)
  for (const [name] of rule.tests.flatMap((t) => Object.entries(t.lists ?? {}))) {
    if (!Object.hasOwn(lists, name)) problems.push(`${where(['tests'])}: a test sets list "${name}", which is not defined`)
  }
  const threshold = rule.threshold === undefined ? undefined : compileThreshold(rule.threshold, macros, where, problems)
  if (compiledCondition === undefined) return undefined
  const { program: condition, refs } = compiledCondition
  const clauses = splitClauses(rule.condition).map((text) => ({ text, program: cel.parse(text) }))
  const readPaths = macros.pathsOf(refs.identifiers, refs.paths)
  // A condition that reads no event field (only lists and literals) has one value for
  // every event: fold it now, so a rule that is inert while its list is empty costs nothing.
  const evidenceFree = readPaths.size === 0 && [...refs.identifiers].every((i) => i === 'lists' || !isCelVariable(i))
  // The same for each top-level `&&` clause: one that reads only lists and is false makes the whole rule false.
  const listsOnly = (ids: ReadonlySet<string>, paths: ReadonlySet<string>) => paths.size === 0 && [...ids].every((i) => i === 'lists' || (!isCelVariable(i) && !macros.has(i)))
  const foldsFalse = (program: CelProgram) => {
    try {
      return program({ lists }) !== true
    } catch {
      return false
    }
  }
  let inert = evidenceFree && ![...refs.identifiers].some((i) => macros.has(i)) && foldsFalse(condition)
  if (!inert && clauses.length > 1) {
    for (const clause of clauses) {
      const r = referencedPaths(clause.program.ast)
      if (listsOnly(r.identifiers, r.paths) && foldsFalse(clause.program)) inert = true
    }
  }
  return {
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
    matchSpec: rule.match,
    needs,
    conditionText: rule.condition,
    condition,
    metadataCondition: fallback === undefined || rule.metadata_condition === undefined ? undefined : { text: rule.metadata_condition, program: fallback.program, below: bodyLevel },
    clauses,
    evidencePaths: rule.evidence ?? [...readPaths].sort(),
    exceptions,
    threshold,
    tests: rule.tests,
    source: at,
  }
}

/** `{field}`s of the output and the evidence paths must name event fields. */
function checkFieldNames(output: string, evidence: readonly string[] | undefined, where: (field: (string | number)[]) => string, problems: string[]): void {
  for (const field of templateFields(output)) {
    const problem = eventFieldProblem(field, `{${field}}`)
    if (problem !== undefined) problems.push(`${where(['output'])}: ${problem}`)
  }
  for (const [i, path] of (evidence ?? []).entries()) {
    const problem = eventFieldProblem(path)
    if (problem !== undefined) problems.push(`${where(['evidence', i])}: ${problem}`)
  }
}

/** A threshold's keys must start with the partition key (ADR 0003) and name event fields or macros. */
export function compileThreshold(t: Threshold, macros: Pick<CompiledMacros, 'has'>, where: (field: (string | number)[]) => string, problems: string[]): CompiledThreshold {
  if (t.by[0] !== 'user.username') problems.push(`${where(['threshold', 'by'])}: must start with user.username, the event log's partition key (ADR 0003)`)
  // Threshold keys are read from the activation, so they may also name a macro.
  const keyProblem = (path: string) => (macros.has(parsePath(path).segments[0] as string) ? undefined : eventFieldProblem(path))
  for (const [i, path] of t.by.entries()) {
    const problem = keyProblem(path)
    if (problem !== undefined) problems.push(`${where(['threshold', 'by', i])}: ${problem}`)
  }
  const distinctProblem = t.distinct === undefined ? undefined : keyProblem(t.distinct)
  if (distinctProblem !== undefined) problems.push(`${where(['threshold', 'distinct'])}: ${distinctProblem}`)
  return { count: t.count, window: t.window, windowMs: durationMs(t.window), by: t.by, distinct: t.distinct }
}
