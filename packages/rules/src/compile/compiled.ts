import type { ControlRef, Severity } from '@vigil/core'
import type { Activation, createActivationFactory } from '../activation.js'
import type { CelProgram } from '../cel.js'
import type { CompiledMatch } from '../match.js'
import type { RuleNeeds } from '../needs.js'
import type { RuleSource, RuleTest } from '../schema.js'

/** What compilation produces: the shapes the evaluator, the tests and the tools read. */

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
  /** The stages and audit level the rule needs, derived from what it reads (ADR 0012). */
  needs: RuleNeeds
  conditionText: string
  condition: CelProgram
  /** The condition for events below the level the condition needs (no body), if the rule has one. */
  metadataCondition: { text: string; program: CelProgram; below: number } | undefined
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
  /** Memo, per static key, of the rules whose requests the event is but which need a higher audit level and have no metadata condition for it (`bodyStarvedFor`). */
  starved: Map<string, readonly CompiledRule[]>
}

export interface CompileOptions {
  /** Extra list definitions applied after the files (config-level overrides). */
  lists?: readonly { name: string; items: string[]; append?: boolean }[]
}
