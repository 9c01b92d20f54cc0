import type { AuditEvent } from '@vigil/core'
import type { Match } from './schema.js'
import { BlockList } from 'node:net'
import { addEntries, createAddressFunctions, parseAddress, type AddressFunctions } from './addresses.js'
import { globToRegExp } from './functions.js'

/** The part of a match that depends only on (stage, verb, group, resource, subresource, code): cacheable. */
export interface StaticMatch {
  stages: ReadonlySet<string>
  /** The lowest audit level whose events can satisfy the rule: 0 Metadata, 1 Request, 2 RequestResponse (ADR 0012). */
  level: number
  verbs: ReadonlySet<string> | undefined
  resources: readonly ResourceSpec[] | undefined
  subresources: ReadonlySet<string>
  codes: ((code: number) => boolean) | undefined
  codeSpec: readonly (number | string)[] | undefined
  /** Which classes of user name (`userClassOf`) the `users` check can accept, as a bit mask: part of the candidate index. */
  userClasses: number
}

interface ResourceSpec {
  resource: string
  group: string
  subresource: string | undefined
}

/** The per-event part: namespaces, users, groups, response codes. */
export type DynamicMatch = (event: AuditEvent) => string | undefined

export interface CompiledMatch {
  static: StaticMatch
  /** Returns undefined when the event passes, or which clause failed (for explanations). */
  dynamic: DynamicMatch
  /** The same test without building a reason: the hot path. */
  accepts: (event: AuditEvent) => boolean
}

/** User-name classes, bits of `StaticMatch.userClasses`: `system:anonymous`, other `system:` names, everything else. */
export const USER_ANONYMOUS = 1
export const USER_SYSTEM = 2
export const USER_OTHER = 4
const ALL_USERS = USER_ANONYMOUS | USER_SYSTEM | USER_OTHER

export function userClassOf(username: string): number {
  return username.startsWith('system:') ? (username === 'system:anonymous' ? USER_ANONYMOUS : USER_SYSTEM) : USER_OTHER
}

/** The classes of names a glob (`*` only) can match. Conservative: any doubt answers all. */
function globUserClasses(pattern: string): number {
  const star = pattern.indexOf('*')
  if (star < 0) return userClassOf(pattern)
  const prefix = pattern.slice(0, star)
  if (prefix.length < 'system:'.length && 'system:'.startsWith(prefix)) return ALL_USERS
  if (!prefix.startsWith('system:')) return USER_OTHER
  return 'system:anonymous'.startsWith(prefix) ? USER_ANONYMOUS | USER_SYSTEM : USER_SYSTEM
}

/** The classes an include/exclude over user names can accept: an include narrows to what its globs match; an exclude of `system:*` or `system:anonymous` removes those classes. */
function userClasses(include: readonly string[] | undefined, exclude: readonly string[] | undefined): number {
  let classes = include === undefined ? ALL_USERS : include.reduce((m, p) => m | globUserClasses(p), 0)
  for (const p of exclude ?? []) {
    if (p === 'system:*') classes &= ~(USER_ANONYMOUS | USER_SYSTEM)
    else if (p === 'system:anonymous') classes &= ~USER_ANONYMOUS
    else if (p === '*') classes = 0
  }
  return classes
}

/** `resource[.group][/subresource]` → parts. */
export function parseResource(spec: string): ResourceSpec {
  const [head, sub] = spec.split('/', 2) as [string, string | undefined]
  const dot = head.indexOf('.')
  return dot < 0 ? { resource: head, group: '', subresource: sub } : { resource: head.slice(0, dot), group: head.slice(dot + 1), subresource: sub }
}

export interface StaticKey {
  stage: string
  level: number
  verb: string
  group: string
  resource: string
  subresource: string
  /** False for non-resource URLs (no objectRef). */
  isResource: boolean
  code: number
}

export function staticKeyOf(e: AuditEvent): StaticKey {
  const r = e.objectRef
  return {
    stage: e.stage,
    level: levelRank(e.level),
    verb: e.verb,
    group: r?.apiGroup ?? '',
    resource: r?.resource ?? '',
    subresource: r?.subresource ?? '',
    isResource: r?.resource !== undefined,
    code: e.responseStatus?.code ?? 0,
  }
}

export const LEVELS = ['Metadata', 'Request', 'RequestResponse'] as const

/** 0 Metadata, 1 Request, 2 RequestResponse; an unknown level counts as the highest, so it is never filtered out. */
export function levelRank(level: string | undefined): number {
  return level === 'Metadata' ? 0 : level === 'Request' ? 1 : 2
}

/** The memo key of an event's static match; every part has a small, bounded set of values. */
export function staticKeyString(e: AuditEvent): string {
  const r = e.objectRef
  // The same test as staticKeyOf's isResource, so an objectRef without a resource shares the non-resource key.
  return r?.resource === undefined
    ? `${e.stage}|${e.level}|${e.verb}|${e.responseStatus?.code ?? 0}`
    : `${e.stage}|${e.level}|${e.verb}|${e.responseStatus?.code ?? 0}|${r.apiGroup ?? ''}|${r.resource ?? ''}|${r.subresource ?? ''}`
}

/** Why the static part rejects a key, or undefined if it accepts it. */
export function checkStatic(m: StaticMatch, k: StaticKey): string | undefined {
  if (!m.stages.has(k.stage)) return `stage ${k.stage} is not in [${[...m.stages].join(', ')}]`
  if (k.level < m.level) return `level ${LEVELS[k.level]} carries no ${m.level === 1 ? 'request body' : 'response body'}; the rule needs ${LEVELS[m.level]}`
  if (m.verbs !== undefined && !m.verbs.has(k.verb)) return `verb ${k.verb} is not in [${[...m.verbs].join(', ')}]`
  if (m.resources !== undefined) {
    if (!k.isResource) return 'the request is not for a resource'
    const ok = m.resources.some(
      (r) =>
        (r.resource === '*' || r.resource === k.resource) &&
        (r.group === '*' || r.group === k.group) &&
        (r.subresource === undefined ? m.subresources.has(k.subresource) : r.subresource === '*' || r.subresource === k.subresource),
    )
    if (!ok) return `resource ${formatResource(k)} is not in the rule's resources`
  }
  if (m.codes !== undefined && !m.codes(k.code)) return `response code ${k.code === 0 ? 'none' : k.code} is not in [${m.codeSpec?.join(', ')}]`
  return undefined
}

function formatResource(k: StaticKey): string {
  return `${k.resource}${k.group === '' ? '' : `.${k.group}`}${k.subresource === '' ? '' : `/${k.subresource}`}`
}

type Lists = Readonly<Record<string, readonly string[]>>

/** Expands `$list` references; unknown lists are reported by the caller. */
export function expandPatterns(patterns: readonly string[], lists: Lists, missing: (name: string) => void): string[] {
  const out: string[] = []
  for (const p of patterns) {
    if (p.startsWith('$')) {
      const list = lists[p.slice(1)]
      if (list === undefined) missing(p.slice(1))
      else out.push(...list)
    } else {
      out.push(p)
    }
  }
  return out
}

/**
 * A predicate for a list of globs. The common shapes avoid regular
 * expressions: `x*` is a prefix, `*x` a suffix, `*x*` a substring; the rest
 * are one alternation, so a long list (user agents) stays cheap per event.
 */
export function matcher(patterns: readonly string[]): (v: string) => boolean {
  const exact = new Set<string>()
  const prefixes: string[] = []
  const suffixes: string[] = []
  const infixes: string[] = []
  const other: string[] = []
  for (const p of patterns) {
    const stars = p.split('*').length - 1
    if (stars === 0) exact.add(p)
    else if (stars === 1 && p.endsWith('*')) prefixes.push(p.slice(0, -1))
    else if (stars === 1 && p.startsWith('*')) suffixes.push(p.slice(1))
    else if (stars === 2 && p.length > 2 && p.startsWith('*') && p.endsWith('*')) infixes.push(p.slice(1, -1))
    else other.push(p)
  }
  const any = other.length === 0 ? undefined : new RegExp(other.map((g) => `(?:${globToRegExp(g).source})`).join('|'), 's')
  if (prefixes.length + suffixes.length + infixes.length === 0 && any === undefined) return (v) => exact.has(v)
  const test = (v: string): boolean => {
    if (exact.has(v)) return true
    for (const p of prefixes) if (v.startsWith(p)) return true
    for (const p of suffixes) if (v.endsWith(p)) return true
    for (const p of infixes) if (v.includes(p)) return true
    return any !== undefined && any.test(v)
  }
  if (patterns.length <= 4) return test
  // A long list (user agents, indicator globs) meets few distinct values: remember the answers.
  const memo = new Map<string, boolean>()
  return (v) => {
    let hit = memo.get(v)
    if (hit === undefined) {
      hit = test(v)
      if (memo.size >= 10_000) memo.clear()
      memo.set(v, hit)
    }
    return hit
  }
}

const ADDRESS_CLASSES: Record<string, keyof AddressFunctions> = {
  public: 'ipPublic',
  private: 'ipPrivate',
  loopback: 'ipLoopback',
  'link-local': 'ipLinkLocal',
  'cloud-metadata': 'ipCloudMetadata',
}

/** Address classes, addresses and CIDRs → a predicate over one address (memoised by the classes). */
function addressMatcher(entries: readonly string[], ip: AddressFunctions): (a: string) => boolean {
  const classes = entries.filter((e) => Object.hasOwn(ADDRESS_CLASSES, e)).map((e) => ip[ADDRESS_CLASSES[e] as keyof AddressFunctions] as (a: string) => boolean)
  const literal = entries.filter((e) => !Object.hasOwn(ADDRESS_CLASSES, e))
  const list = new BlockList()
  addEntries(list, literal)
  const memo = new Map<string, boolean>()
  return (a) => {
    let hit = memo.get(a)
    if (hit === undefined) {
      const parsed = parseAddress(a)
      hit = classes.some((c) => c(a)) || (literal.length > 0 && parsed !== undefined && list.check(parsed.address, parsed.family))
      if (memo.size >= 10_000) memo.clear()
      memo.set(a, hit)
    }
    return hit
  }
}

function codeMatcher(specs: readonly (number | string)[]): (code: number) => boolean {
  const tests = specs.map((s): ((c: number) => boolean) => {
    if (typeof s === 'number') return (c) => c === s
    if (s.endsWith('xx')) {
      const h = Number(s[0])
      return (c) => Math.floor(c / 100) === h
    }
    if (s.includes('-')) {
      const [lo, hi] = s.split('-').map(Number) as [number, number]
      return (c) => c >= lo && c <= hi
    }
    const n = Number(s)
    return (c) => c === n
  })
  return (code) => tests.some((t) => t(code))
}

/**
 * Compiles a rule's `match`. Pure; `$list` references resolve against `lists`;
 * `missing(field)` reports unknown ones. `stages` are the stages the rule is
 * judged at (its needs, not something a rule writes: ADR 0012).
 */
export function compileMatch(m: Match, lists: Lists, missing: (field: string) => (name: string) => void, stages: readonly string[], level = 0): CompiledMatch {
  const stat: StaticMatch = {
    stages: new Set(stages),
    level,
    verbs: m.verbs === undefined ? undefined : new Set(expandPatterns(m.verbs, lists, missing('verbs'))),
    resources: m.resources === undefined ? undefined : expandPatterns(m.resources, lists, missing('resources')).map(parseResource),
    subresources: new Set(m.subresources ?? ['']),
    codes: m.response_codes === undefined ? undefined : codeMatcher(m.response_codes),
    codeSpec: m.response_codes,
    userClasses:
      m.users === undefined
        ? ALL_USERS
        : userClasses(m.users.include === undefined ? undefined : expandPatterns(m.users.include, lists, () => {}), m.users.exclude === undefined ? undefined : expandPatterns(m.users.exclude, lists, () => {})),
  }
  // Each check is a predicate (the hot path) plus how to say why it failed.
  const checks: { ok: (e: AuditEvent) => boolean; why: (e: AuditEvent) => string }[] = []
  const one = (label: string, field: string, spec: { include?: string[] | undefined; exclude?: string[] | undefined } | undefined, value: (e: AuditEvent) => string) => {
    if (spec === undefined) return
    const inc = spec.include === undefined ? undefined : matcher(expandPatterns(spec.include, lists, missing(field)))
    const exc = spec.exclude === undefined ? undefined : matcher(expandPatterns(spec.exclude, lists, missing(field)))
    checks.push({
      ok: (e) => {
        const v = value(e)
        return (inc === undefined || inc(v)) && (exc === undefined || !exc(v))
      },
      why: (e) => {
        const v = value(e)
        return inc !== undefined && !inc(v) ? `${label} ${JSON.stringify(v)} not included` : `${label} ${JSON.stringify(v)} excluded`
      },
    })
  }
  if (m.annotations !== undefined) {
    const keys = m.annotations
    checks.push({
      ok: (e) => {
        const a = e.annotations
        if (a !== undefined) for (const k of keys) if (k in a) return true
        return false
      },
      why: () => `none of the annotations ${keys.join(', ')}`,
    })
  }
  if (m.impersonated !== undefined) {
    const want = m.impersonated
    const impersonated = (e: AuditEvent) => typeof e.impersonatedUser?.username === 'string' && e.impersonatedUser.username !== ''
    checks.push({ ok: (e) => impersonated(e) === want, why: () => (want ? 'not an impersonated request' : 'an impersonated request') })
  }
  one('namespace', 'namespaces', m.namespaces, (e) => e.objectRef?.namespace ?? '')
  one('user', 'users', m.users, (e) => e.user.username ?? '')
  one('user agent', 'user_agents', m.user_agents, (e) => e.userAgent ?? '')
  if (m.groups !== undefined) {
    const inc = m.groups.include === undefined ? undefined : matcher(expandPatterns(m.groups.include, lists, missing('groups')))
    const exc = m.groups.exclude === undefined ? undefined : matcher(expandPatterns(m.groups.exclude, lists, missing('groups')))
    checks.push({
      ok: (e) => {
        const gs = e.user.groups ?? []
        return (inc === undefined || gs.some(inc)) && (exc === undefined || !gs.some(exc))
      },
      why: (e) => {
        const gs = e.user.groups ?? []
        return inc !== undefined && !gs.some(inc) ? `groups ${JSON.stringify(gs)} not included` : `groups ${JSON.stringify(gs)} excluded`
      },
    })
  }
  if (m.source_ips !== undefined) {
    const ip = createAddressFunctions()
    const inc = m.source_ips.include === undefined ? undefined : addressMatcher(expandPatterns(m.source_ips.include, lists, missing('source_ips')), ip)
    const exc = m.source_ips.exclude === undefined ? undefined : addressMatcher(expandPatterns(m.source_ips.exclude, lists, missing('source_ips')), ip)
    checks.push({
      ok: (e) => {
        const ips = e.sourceIPs ?? []
        if (inc !== undefined && !ips.some(inc)) return false
        return exc === undefined || ips.length === 0 || !exc(ips[ips.length - 1] as string)
      },
      why: (e) => {
        const ips = e.sourceIPs ?? []
        return inc !== undefined && !ips.some(inc) ? `sourceIPs ${JSON.stringify(ips)} not included` : `connection address ${ips[ips.length - 1]} excluded`
      },
    })
  }
  const oks = checks.map((c) => c.ok)
  return {
    static: stat,
    accepts:
      oks.length === 0
        ? () => true
        : (e) => {
            for (const ok of oks) if (!ok(e)) return false
            return true
          },
    dynamic: (e) => {
      for (const c of checks) if (!c.ok(e)) return c.why(e)
      return undefined
    },
  }
}
