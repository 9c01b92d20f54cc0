import type { Severity, Stage } from '@vigil/core'
import type { AuditPolicy, AuditPolicyRule, PolicyLevel } from './audit-policy.js'
import type { CompiledRule, Ruleset } from './compile.js'

/**
 * What a kube-apiserver audit policy lets each rule see (ADR 0012, update
 * of 2026-12-07). A rule reads some requests (its verbs and resources) and
 * needs a level and one of some stages (`rule.needs`, derived from what it
 * reads). The policy gives every request the level of the first policy rule
 * that matches it, and drops the stages it omits.
 *
 * vigil cannot know the users and namespaces of future requests, so a
 * policy rule restricted to some users, groups, namespaces or object names
 * "may" apply: it makes the rule `degraded` when it logs those requests
 * below what the rule needs, and the search goes on to the rule that applies
 * to everyone else. A rule that reads any resource (or any resource of a
 * group) is judged by the policy rules that apply to all of its requests:
 * every sane policy drops some requests (probes, leases, Events), and
 * reporting each such rule as degraded would hide the ones that matter.
 */
export type CoverageStatus = 'covered' | 'degraded' | 'blind'

/** One kind of request a rule reads: a verb on a resource; `*` is any. */
interface Shape {
  verb: string
  group: string
  resource: string
  /** '' none; '*' any. */
  subresource: string
  /** The rule names no resources: it also reads non-resource URLs. */
  anyRequest: boolean
}

export interface CoverageGap {
  /** `verb resource[.group][/subresource]`. */
  request: string
  /** The policy rule (0-based index into `rules`) that decides the level; undefined when none matches (None). */
  policy_rule: number | undefined
  level: PolicyLevel
  /**
   * not_logged: level None; no_body: below the level the rule needs;
   * fallback: below it, judged by the rule's metadata_condition instead;
   * no_response_body: at Request level a rule that reads the response body is judged on the request alone;
   * no_stage: every stage the rule is judged at is omitted;
   * some_requests: a policy rule for some users, groups, namespaces or names does one of those.
   */
  problem: 'not_logged' | 'no_body' | 'no_response_body' | 'fallback' | 'no_stage' | 'some_requests'
  detail: string
}

export interface RuleCoverage {
  rule_id: string
  severity: Severity
  status: CoverageStatus
  needs: { level: CompiledRule['needs']['level']; stages: readonly Stage[] }
  gaps: CoverageGap[]
  /** Policy lines that would cover the rule, as YAML with a comment saying where they go. */
  suggestion: string | undefined
}

export interface PolicyCoverage {
  rules: RuleCoverage[]
  summary: Record<CoverageStatus, number>
}

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']
/** Verbs that send no request body: a rule that needs Request level cannot fire on them at any level. */
const BODILESS_VERBS = new Set(['get', 'list', 'watch'])
const STREAMING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy'])
const RANK: Record<PolicyLevel, number> = { None: -1, Metadata: 0, Request: 1, RequestResponse: 2 }

type Fit = 0 | 1 | 2 // none, some, all
const min = (a: Fit, b: Fit): Fit => (a < b ? a : b)

function shapesOf(rule: CompiledRule): Shape[] {
  const m = rule.match.static
  let verbs = m.verbs === undefined ? ALL_VERBS : [...m.verbs]
  if (rule.needs.level === 'Request') {
    const withBody = verbs.filter((v) => !BODILESS_VERBS.has(v))
    if (withBody.length > 0) verbs = withBody
  }
  if (m.resources === undefined) return verbs.map((verb) => ({ verb, group: '*', resource: '*', subresource: '*', anyRequest: true }))
  const out: Shape[] = []
  for (const r of m.resources) {
    const subs = r.subresource === undefined ? [...m.subresources] : [r.subresource]
    for (const subresource of subs) for (const verb of verbs) out.push({ verb, group: r.group, resource: r.resource, subresource, anyRequest: false })
  }
  return out
}

function describe(s: Shape): string {
  if (s.anyRequest) return `${s.verb} *`
  return `${s.verb} ${s.resource}${s.group === '' ? '' : `.${s.group}`}${s.subresource === '' ? '' : `/${s.subresource}`}`
}

/** How one policy resource entry (`resources[i]`) fits the shape. */
function fitResource(entry: string, s: Shape): Fit {
  if (entry === '*') return 2
  if (s.resource === '*') return 1
  const combined = s.subresource === '' ? s.resource : `${s.resource}/${s.subresource}`
  if (s.subresource === '*') return entry === s.resource || entry.startsWith(`${s.resource}/`) || entry.startsWith('*/') ? 1 : 0
  if (entry === combined) return 2
  if (entry.startsWith('*/') && s.subresource === entry.slice(2)) return 2
  if (entry.endsWith('/*') && s.subresource !== '' && entry.slice(0, -2) === s.resource) return 2
  return 0
}

/** How a policy rule fits the shape, by the apiserver's matching (`users`, `userGroups`, `verbs`, then resources or non-resource URLs). */
function fitRule(p: AuditPolicyRule, s: Shape): Fit {
  let fit: Fit = 2
  if ((p.users?.length ?? 0) > 0 || (p.userGroups?.length ?? 0) > 0) fit = 1
  if ((p.verbs?.length ?? 0) > 0 && !p.verbs?.includes(s.verb) && !p.verbs?.includes('*')) return 0
  const namespaces = p.namespaces ?? []
  const resources = p.resources ?? []
  if (namespaces.length > 0 || resources.length > 0) {
    // Resource requests only, in these namespaces and resources.
    if (s.anyRequest) fit = min(fit, 1)
    if (namespaces.length > 0) fit = min(fit, 1)
    if (resources.length === 0) return fit
    let best: Fit = 0
    for (const gr of resources) {
      const group = gr.group ?? ''
      let g: Fit = s.group === '*' ? 1 : group === s.group ? 2 : 0
      if (g === 0) continue
      if ((gr.resourceNames?.length ?? 0) > 0) g = min(g, 1)
      const names = gr.resources ?? []
      const r = names.length === 0 ? 2 : (Math.max(0, ...names.map((n) => fitResource(n, s))) as Fit)
      best = Math.max(best, min(g, r)) as Fit
    }
    return min(fit, best)
  }
  if ((p.nonResourceURLs?.length ?? 0) > 0) return s.anyRequest ? min(fit, 1) : 0
  return fit
}

interface Verdict {
  ok: boolean
  problem?: CoverageGap['problem']
  detail?: string
}

function judge(rule: CompiledRule, s: Shape, level: PolicyLevel, omitted: ReadonlySet<string>): Verdict {
  if (level === 'None') return { ok: false, problem: 'not_logged', detail: 'logged at None' }
  const stages = rule.needs.stages.filter((st) => st !== 'Panic' && !omitted.has(st) && (st !== 'ResponseStarted' || s.verb === 'watch' || STREAMING_SUBRESOURCES.has(s.subresource)))
  if (stages.length === 0) return { ok: false, problem: 'no_stage', detail: `judged at ${rule.needs.stages.filter((st) => st !== 'Panic').join(' or ')}, and the policy omits them` }
  const need = RANK[rule.needs.level]
  if (RANK[level] >= need) return { ok: true }
  // The engine judges a Request-level event by a rule that reads the response body too: what it reads of the request may be enough.
  if (need === 2 && RANK[level] === 1) return { ok: false, problem: 'no_response_body', detail: `logged at Request; the rule reads ${rule.needs.because.join(', ')} and is judged without the response body` }
  const fallback = rule.metadataCondition
  if (fallback !== undefined && RANK[level] < fallback.below) return { ok: false, problem: 'fallback', detail: `logged at ${level}; judged by the metadata condition` }
  return { ok: false, problem: 'no_body', detail: `logged at ${level}; the rule reads ${rule.needs.because.join(', ')} and needs ${rule.needs.level}` }
}

function omittedBy(policy: AuditPolicy, p: AuditPolicyRule | undefined): Set<string> {
  return new Set([...(policy.omitStages ?? []), ...(p?.omitStages ?? [])])
}

interface ShapeResult {
  /** 'blind' when the policy rule that applies to everyone (and every "some" rule) hides it. */
  outcome: 'ok' | 'degraded' | 'blind'
  gaps: CoverageGap[]
  /** Where a suggested policy line must go to take effect: before the first rule that hides the shape. */
  insertBefore: number | undefined
}

function coverShape(rule: CompiledRule, s: Shape, policy: AuditPolicy): ShapeResult {
  const gaps: CoverageGap[] = []
  let someOk = false
  let insertBefore: number | undefined
  let decided: { index: number | undefined; verdict: Verdict; level: PolicyLevel } | undefined
  for (let i = 0; i < policy.rules.length; i++) {
    const p = policy.rules[i] as AuditPolicyRule
    const fit = fitRule(p, s)
    if (fit === 0) continue
    const verdict = judge(rule, s, p.level, omittedBy(policy, p))
    if (fit === 1) {
      // A rule that reads any resource is not degraded by a policy that drops some
      // (probes, leases, Events): only named resources are.
      if (verdict.ok || wildcard(s)) someOk ||= verdict.ok
      else {
        insertBefore ??= i
        gaps.push({ request: describe(s), policy_rule: i, level: p.level, problem: 'some_requests', detail: `policy rule ${i} (for some ${someWhat(p)}): ${verdict.detail}` })
      }
      continue
    }
    decided = { index: i, verdict, level: p.level }
    break
  }
  decided ??= { index: undefined, verdict: { ok: false, problem: 'not_logged', detail: 'no policy rule matches: logged at None' }, level: 'None' }
  const v = decided.verdict
  if (v.ok) return { outcome: gaps.length > 0 ? 'degraded' : 'ok', gaps, insertBefore }
  insertBefore ??= decided.index ?? policy.rules.length
  gaps.push({ request: describe(s), policy_rule: decided.index, level: decided.level, problem: v.problem ?? 'no_body', detail: decided.index === undefined ? (v.detail as string) : `policy rule ${decided.index}: ${v.detail}` })
  const outcome = v.problem === 'fallback' || v.problem === 'no_response_body' || someOk ? 'degraded' : 'blind'
  return { outcome, gaps, insertBefore }
}

function wildcard(s: Shape): boolean {
  return s.anyRequest || s.resource === '*' || s.group === '*'
}

function someWhat(p: AuditPolicyRule): string {
  const parts: string[] = []
  if ((p.users?.length ?? 0) > 0) parts.push('users')
  if ((p.userGroups?.length ?? 0) > 0) parts.push('groups')
  if ((p.namespaces?.length ?? 0) > 0) parts.push('namespaces')
  if (p.resources?.some((r) => (r.resourceNames?.length ?? 0) > 0)) parts.push('object names')
  if (parts.length === 0) parts.push('resources or URLs')
  return parts.join(', ')
}

/** The policy lines that give the hidden requests the level and stages the rule needs. */
function suggest(rule: CompiledRule, hidden: { shape: Shape; insertBefore: number | undefined; gaps: CoverageGap[] }[], policy: AuditPolicy): string | undefined {
  if (hidden.length === 0) return undefined
  const before = Math.min(...hidden.map((h) => h.insertBefore ?? policy.rules.length))
  const byResource = new Map<string, { group: string; resource: string; verbs: Set<string> }>()
  let anyRequest = false
  for (const { shape } of hidden) {
    if (wildcard(shape) || shape.subresource === '*') {
      anyRequest = true
      continue
    }
    const name = shape.subresource === '' ? shape.resource : `${shape.resource}/${shape.subresource}`
    const key = `${shape.group}\u0000${name}`
    const entry = byResource.get(key) ?? { group: shape.group, resource: name, verbs: new Set<string>() }
    entry.verbs.add(shape.verb)
    byResource.set(key, entry)
  }
  const level = rule.needs.level
  const lines: string[] = [before < policy.rules.length ? `# insert before policy rule ${before}` : '# append to the rules']
  const verbsOf = (verbs: Set<string>) => ALL_VERBS.filter((v) => verbs.has(v)).concat([...verbs].filter((v) => !ALL_VERBS.includes(v)))
  // One line per verb set, so reads are not raised along with writes.
  const byVerbs = new Map<string, { group: string; resource: string }[]>()
  for (const e of byResource.values()) {
    const key = verbsOf(e.verbs).join(', ')
    byVerbs.set(key, [...(byVerbs.get(key) ?? []), e])
  }
  for (const [verbs, entries] of byVerbs) {
    lines.push(`- level: ${level}`, `  verbs: [${verbs}]`, '  resources:')
    const groups = new Map<string, string[]>()
    for (const e of entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e.resource])
    for (const [group, resources] of groups) lines.push(`    - group: "${group}"`, `      resources: [${resources.join(', ')}]`)
  }
  if (anyRequest) lines.push(`# the rule reads any resource: give every request it reads at least level ${level}`)
  if (hidden.some((h) => h.gaps.some((g) => g.problem === 'no_stage'))) {
    const stages = rule.needs.stages.filter((s) => s !== 'Panic')
    lines.push(`# and keep one of ${stages.join(', ')}: remove it from omitStages`)
  }
  return lines.join('\n')
}

/** Whether the policy gives each enabled rule of the ruleset the requests, level and stage it needs. Pure. */
export function policyCoverage(ruleset: Ruleset, policy: AuditPolicy): PolicyCoverage {
  const rules: RuleCoverage[] = []
  const summary: Record<CoverageStatus, number> = { covered: 0, degraded: 0, blind: 0 }
  for (const rule of ruleset.rules) {
    if (!rule.enabled || rule.inert) continue
    const results = shapesOf(rule).map((shape) => ({ shape, ...coverShape(rule, shape, policy) }))
    const status: CoverageStatus = results.every((r) => r.outcome === 'blind') ? 'blind' : results.every((r) => r.outcome === 'ok') ? 'covered' : 'degraded'
    const hidden = results.filter((r) => r.gaps.some((g) => g.problem !== 'fallback'))
    summary[status]++
    rules.push({
      rule_id: rule.id,
      severity: rule.severity,
      status,
      needs: { level: rule.needs.level, stages: rule.needs.stages.filter((s) => s !== 'Panic') },
      gaps: results.flatMap((r) => r.gaps),
      suggestion: status === 'covered' ? undefined : suggest(rule, hidden, policy),
    })
  }
  return { rules, summary }
}
