import type { AuditEvent } from '@vigil/core'
import { readPath, type Activation } from './activation.js'
import type { CompiledRule, Ruleset } from './compile.js'
import { evidenceValue } from './evidence.js'
import { checkStatic, levelRank, staticKeyOf, staticKeyString, userClassOf } from './match.js'
import { renderOutput } from './output.js'

/** The verdict of one rule on one event. */
export interface RuleVerdict {
  matched: boolean
  /** Why it matched, or which clause failed, in words. */
  reason: string
  /** The event fields the rule read, with their values. */
  evidence: Record<string, unknown>
  /** Set when evaluation raised (missing or mistyped fields); the verdict is then "no match". */
  error?: string
  /** Exceptions whose condition raised. They do not apply, so the rule still fires; each is counted as a rule error. */
  exceptionErrors?: string[]
}

export interface RuleHit {
  rule: CompiledRule
  reason: string
  evidence: Record<string, unknown>
  output: string
}

export interface EventEvaluation {
  hits: RuleHit[]
  /** Rules whose evaluation raised, with the message. Counted, never fatal. */
  errors: { rule_id: string; message: string }[]
  /** What the conditions saw; undefined when no rule was a candidate. Threshold state reads its keys from it. */
  activation: Activation | undefined
}

const MAX_CANDIDATE_KEYS = 50_000

/**
 * Enabled rules whose static match accepts this event's (stage, level, verb,
 * code, resource) key and whose `users` can accept its class of user name
 * (`system:anonymous`, other `system:` names, the rest). Memoised.
 */
export function candidatesFor(ruleset: Ruleset, event: AuditEvent): readonly CompiledRule[] {
  const cls = userClassOf(event.user.username ?? '')
  const k = `${cls}|${staticKeyString(event)}`
  let list = ruleset.candidates.get(k)
  if (list === undefined) {
    const key = staticKeyOf(event)
    list = ruleset.rules.filter((r) => r.enabled && !r.inert && (r.match.static.userClasses & cls) !== 0 && checkStatic(r.match.static, key) === undefined)
    if (ruleset.candidates.size >= MAX_CANDIDATE_KEYS) ruleset.candidates.clear()
    ruleset.candidates.set(k, list)
  }
  return list
}

const NO_RULES: readonly CompiledRule[] = Object.freeze([])

/**
 * Enabled rules that would be candidates for this event's request but are not
 * judged on it because its level carries no body and they have no
 * `metadata_condition` to judge it without: the rules the audit policy
 * blinds for this request (ADR 0012). A rule that reads the response body is
 * still judged on a Request-level event. Empty for RequestResponse events.
 * Memoised like `candidatesFor`.
 */
export function bodyStarvedFor(ruleset: Ruleset, event: AuditEvent): readonly CompiledRule[] {
  const key = staticKeyOf(event)
  if (key.level >= 2) return NO_RULES
  const k = staticKeyString(event)
  let list = ruleset.starved.get(k)
  if (list === undefined) {
    const raised = { ...key, level: 2 }
    list = ruleset.rules.filter(
      (r) => r.enabled && !r.inert && r.match.static.level > key.level && (r.metadataCondition === undefined || key.level >= r.metadataCondition.below) && checkStatic(r.match.static, raised) === undefined,
    )
    if (list.length === 0) list = NO_RULES
    if (ruleset.starved.size >= MAX_CANDIDATE_KEYS) ruleset.starved.clear()
    ruleset.starved.set(k, list)
  }
  return list
}

function collectEvidence(rule: CompiledRule, activation: Activation): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const path of rule.evidencePaths) {
    const v = readPath(activation, path)
    if (v !== undefined) out[path] = evidenceValue(v)
  }
  return out
}

function eventTimeMs(event: AuditEvent): number {
  return Date.parse(event.requestReceivedTimestamp)
}

/**
 * Applies one rule to one event, past its static match. Pure: the result
 * depends only on the rule, the event and the cluster.
 */
export function evaluateCompiled(rule: CompiledRule, event: AuditEvent, activation: Activation): RuleVerdict {
  const failed = rule.match.dynamic(event)
  if (failed !== undefined) return { matched: false, reason: `match: ${failed}`, evidence: {} }
  return evaluateCondition(rule, event, activation)
}

/** The condition and the exceptions, for an event that passed the rule's match. */
function evaluateCondition(rule: CompiledRule, event: AuditEvent, activation: Activation): RuleVerdict {
  let value: unknown
  try {
    const fallback = rule.metadataCondition
    value = (fallback !== undefined && levelRank(event.level) < fallback.below ? fallback.program : rule.condition)(activation)
  } catch (err) {
    return { matched: false, reason: 'condition could not be evaluated', evidence: {}, error: (err as Error).message.split('\n')[0] as string }
  }
  if (value !== true) return { matched: false, reason: 'condition is false', evidence: {} }
  const evidence = collectEvidence(rule, activation)
  const notes: string[] = []
  const exceptionErrors: string[] = []
  for (const ex of rule.exceptions) {
    if (ex.match !== undefined && (checkStatic(ex.match.static, staticKeyOf(event)) !== undefined || !ex.match.accepts(event))) continue
    if (ex.condition !== undefined) {
      try {
        if (ex.condition(activation) !== true) continue
      } catch (err) {
        // An exception that cannot be evaluated does not hide the finding.
        const message = `exception "${ex.name}" could not be evaluated: ${(err as Error).message.split('\n')[0]}`
        exceptionErrors.push(message)
        notes.push(`${message}; the finding stands`)
        continue
      }
    }
    if (ex.expiresAt !== undefined && eventTimeMs(event) >= ex.expiresAt) {
      notes.push(`exception "${ex.name}" (approved by ${ex.approver}) expired on ${ex.expires} and no longer applies`)
      continue
    }
    return { matched: false, reason: `excepted by "${ex.name}": ${ex.reason} (approved by ${ex.approver}${ex.expires === undefined ? '' : `, until ${ex.expires}`})`, evidence }
  }
  const shown = Object.entries(evidence)
    .slice(0, 6)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ')
  const reason = `${rule.title}: ${shown.length > 0 ? shown : 'condition held'}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`
  const verdict: RuleVerdict = { matched: true, reason: reason.length > 1000 ? `${reason.slice(0, 1000)}…` : reason, evidence }
  if (exceptionErrors.length > 0) verdict.exceptionErrors = exceptionErrors
  return verdict
}

/** Every enabled rule on one event. Never throws for odd events: rule errors are returned. */
export function evaluateEvent(ruleset: Ruleset, event: AuditEvent, cluster: string): EventEvaluation {
  const candidates = candidatesFor(ruleset, event)
  const hits: RuleHit[] = []
  const errors: { rule_id: string; message: string }[] = []
  // The activation is built only for an event some rule's match accepts.
  let activation: Activation | undefined
  for (const rule of candidates) {
    if (!rule.match.accepts(event)) continue
    activation ??= ruleset.activation(event, cluster)
    const v = evaluateCondition(rule, event, activation)
    for (const message of v.exceptionErrors ?? []) errors.push({ rule_id: rule.id, message })
    if (v.error !== undefined) errors.push({ rule_id: rule.id, message: v.error })
    else if (v.matched) {
      const a = activation
      // Rendered on first read: a threshold rule's hit becomes a finding only when its window fills.
      let output: string | undefined
      hits.push({ rule, reason: v.reason, evidence: v.evidence, get output() { return (output ??= renderOutput(rule.output, a)) } })
    }
  }
  return { hits, errors, activation }
}
