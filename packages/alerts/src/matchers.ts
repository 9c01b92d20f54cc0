import { z } from 'zod'
import { SEVERITIES, type Severity } from '@vigil/core'
import type { AlertCandidate } from './candidate.js'

/** Candidate fields a matcher, `group_by` or `equal` may name. `tags` and `controls` match if any element does. */
export const MATCH_FIELDS = ['severity', 'rule_id', 'rule_version', 'cluster', 'namespace', 'user', 'verb', 'resource', 'name', 'tags', 'controls', 'finding_id', 'audit_id'] as const
export const MatchField = z.enum(MATCH_FIELDS)
export type MatchField = z.infer<typeof MatchField>

export const MatchOp = z.enum(['=', '!=', '=~', '!~'])

/** One Alertmanager-style matcher. Regexes are anchored, as Alertmanager anchors them. */
export const Matcher = z
  .strictObject({ name: MatchField, op: MatchOp, value: z.string().max(256) })
  .refine((m) => !m.op.includes('~') || compiles(m.value), { message: 'value is not a valid regular expression', path: ['value'] })
export type Matcher = z.infer<typeof Matcher>

function compiles(re: string): boolean {
  try {
    new RegExp(`^(?:${re})$`, 'u')
    return true
  } catch {
    return false
  }
}

/** Parses `field="v"`, `field!="v"`, `field=~"re"`, `field!~"re"` (quotes optional). */
export function parseMatcher(text: string): Matcher | { problem: string } {
  const m = /^\s*([a-z_]+)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]*))\s*$/.exec(text)
  if (m === null) return { problem: `"${text}" is not a matcher such as cluster="prod" or rule_id=~"rbac\\..*"` }
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '')
  const parsed = Matcher.safeParse({ name: m[1], op: m[2], value })
  if (!parsed.success) return { problem: `"${text}": ${parsed.error.issues.map((i) => `${i.path.join('.') || 'matcher'} ${i.message}`).join('; ')}` }
  return parsed.data
}

export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`
}

export function fieldValues(c: AlertCandidate, field: MatchField): readonly string[] {
  const v = c[field]
  return Array.isArray(v) ? v : [v as string]
}

/** Compiles a matcher once; the result tests a candidate. */
export function compileMatcher(m: Matcher): (c: AlertCandidate) => boolean {
  const test = m.op === '=' || m.op === '!=' ? (v: string) => v === m.value : ((re) => (v: string) => re.test(v))(new RegExp(`^(?:${m.value})$`, 'u'))
  const negated = m.op.startsWith('!')
  return (c) => {
    const any = fieldValues(c, m.name).some(test)
    return negated ? !any : any
  }
}

/** `*` matches any run of characters; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'u')
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

/** A route's or an inhibit rule's `when`: every key present must hold (AND); a list holds if any entry does. */
export const When = z.strictObject({
  severity_at_least: z.enum(SEVERITIES).optional(),
  severity_at_most: z.enum(SEVERITIES).optional(),
  rule_ids: z.array(z.string().min(1)).min(1).optional(),
  clusters: z.array(z.string().min(1)).min(1).optional(),
  namespaces: z.array(z.string()).min(1).optional(),
  users: z.array(z.string().min(1)).min(1).optional(),
  tags: z.array(z.string().min(1)).min(1).optional(),
  controls: z.array(z.string().min(1)).min(1).optional().describe('`framework:id` globs, e.g. soc2:CC6.*'),
  frameworks: z.array(z.enum(['soc2', 'hipaa', 'gdpr'])).min(1).optional(),
  matchers: z.array(z.string()).min(1).optional().describe('Alertmanager-style matchers, e.g. verb!="get"'),
})
export type When = z.infer<typeof When>

export interface CompiledWhen {
  test(c: AlertCandidate): boolean
  /** Each condition and whether it held: what `vigil alerts routes --explain` prints. */
  explain(c: AlertCandidate): { condition: string; held: boolean }[]
  readonly empty: boolean
}

export function compileWhen(when: When): CompiledWhen {
  const checks: { condition: string; test: (c: AlertCandidate) => boolean }[] = []
  const globs = (label: string, list: readonly string[] | undefined, values: (c: AlertCandidate) => readonly string[]) => {
    if (list === undefined) return
    const res = list.map(globToRegExp)
    checks.push({ condition: `${label} in [${list.join(', ')}]`, test: (c) => values(c).some((v) => res.some((r) => r.test(v))) })
  }
  if (when.severity_at_least !== undefined) {
    const min = severityRank(when.severity_at_least)
    checks.push({ condition: `severity >= ${when.severity_at_least}`, test: (c) => severityRank(c.severity) >= min })
  }
  if (when.severity_at_most !== undefined) {
    const max = severityRank(when.severity_at_most)
    checks.push({ condition: `severity <= ${when.severity_at_most}`, test: (c) => severityRank(c.severity) <= max })
  }
  globs('rule_id', when.rule_ids, (c) => [c.rule_id])
  globs('cluster', when.clusters, (c) => [c.cluster])
  globs('namespace', when.namespaces, (c) => [c.namespace])
  globs('user', when.users, (c) => [c.user])
  globs('tag', when.tags, (c) => c.tags)
  globs('control', when.controls, (c) => c.controls)
  if (when.frameworks !== undefined) {
    const fw = when.frameworks
    checks.push({ condition: `framework in [${fw.join(', ')}]`, test: (c) => c.controls.some((ref) => fw.some((f) => ref.startsWith(`${f}:`))) })
  }
  for (const text of when.matchers ?? []) {
    const m = parseMatcher(text)
    if ('problem' in m) throw new Error(m.problem)
    checks.push({ condition: formatMatcher(m), test: compileMatcher(m) })
  }
  return {
    empty: checks.length === 0,
    test: (c) => checks.every((k) => k.test(c)),
    explain: (c) => checks.map((k) => ({ condition: k.condition, held: k.test(c) })),
  }
}
