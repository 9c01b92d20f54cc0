import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { compileRules, type Ruleset } from './compile.js'
import { candidatesFor, evaluateCompiled, evaluateEvent } from './evaluate.js'
import { checkStatic, compileMatch, expandPatterns, matcher, parseResource, staticKeyOf, staticKeyString, USER_ANONYMOUS, USER_OTHER, USER_SYSTEM, userClassOf } from './match.js'
import { globToRegExp } from './functions.js'

function event(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    auditID: 'a-1',
    stage: 'ResponseComplete',
    level: 'Metadata',
    requestURI: '/api/v1/namespaces/default/pods/p',
    verb: 'get',
    user: { username: 'alice', groups: ['dev'] },
    objectRef: { resource: 'pods', namespace: 'default', name: 'p', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-03-01T10:00:00.000000Z',
    stageTimestamp: '2026-03-01T10:00:00.100000Z',
    ...over,
  }
}

const ref = (resource: string, apiGroup?: string, subresource?: string, namespace = 'default'): AuditEvent['objectRef'] => ({
  resource,
  namespace,
  ...(apiGroup === undefined ? {} : { apiGroup }),
  ...(subresource === undefined ? {} : { subresource }),
})

const LISTS = [
  { name: 'regulated', items: ['prod-*', 'payments'] },
  { name: 'admins', items: ['root', 'admin-*'] },
  { name: 'oncall', items: ['oncall'] },
  { name: 'write_verbs', items: ['create', 'update', 'patch'] },
  { name: 'rbac', items: ['*.rbac.authorization.k8s.io'] },
]

function rulesetOf(rules: Record<string, unknown>[]): Ruleset {
  const file = { lists: LISTS, rules: rules.map((r) => ({ title: 'T', description: 'D', severity: 'low', output: 'o', ...r })) }
  return compileRules([{ file: 'm.yaml', text: JSON.stringify(file) }])
}

/** Whether a rule with this match (and condition `true`) fires on the event. */
function fires(match: Record<string, unknown>, e: AuditEvent): boolean {
  return evaluateEvent(rulesetOf([{ id: 't.r', match }]), e, 'c1').hits.length === 1
}

describe('parseResource', () => {
  it('splits resource, group and subresource the way RBAC writes them', () => {
    expect(parseResource('pods')).toEqual({ resource: 'pods', group: '', subresource: undefined })
    expect(parseResource('pods/exec')).toEqual({ resource: 'pods', group: '', subresource: 'exec' })
    expect(parseResource('deployments.apps/scale')).toEqual({ resource: 'deployments', group: 'apps', subresource: 'scale' })
    expect(parseResource('ingresses.*')).toEqual({ resource: 'ingresses', group: '*', subresource: undefined })
    expect(parseResource('*.rbac.authorization.k8s.io')).toEqual({ resource: '*', group: 'rbac.authorization.k8s.io', subresource: undefined })
    expect(parseResource('pods/*')).toEqual({ resource: 'pods', group: '', subresource: '*' })
  })
})

describe('expandPatterns', () => {
  it('replaces $name with the items of the list and reports unknown lists', () => {
    const missing: string[] = []
    expect(expandPatterns(['a', '$l', '$nope', 'b*'], { l: ['x', 'y'] }, (n) => missing.push(n))).toEqual(['a', 'x', 'y', 'b*'])
    expect(missing).toEqual(['nope'])
  })
})

describe('match: stages and verbs', () => {
  it('judges a rule that reads only request fields at every stage', () => {
    for (const stage of ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const) expect(fires({}, event({ stage }))).toBe(true)
  })

  it('judges a rule that reads the response code, annotations or impersonation from ResponseStarted on', () => {
    for (const m of [{ response_codes: ['2xx'] }, { annotations: ['a/b'] }, { impersonated: false }]) {
      const e = { responseStatus: { code: 200 }, annotations: { 'a/b': 'x' } }
      expect(fires(m, event({ ...e, stage: 'RequestReceived' })), JSON.stringify(m)).toBe(false)
      expect(fires(m, event({ ...e, stage: 'ResponseStarted' })), JSON.stringify(m)).toBe(true)
      expect(fires(m, event({ ...e, stage: 'ResponseComplete' })), JSON.stringify(m)).toBe(true)
    }
  })

  it('refuses a stages key: rules do not choose their stage', () => {
    expect(() => fires({ stages: ['ResponseStarted'] }, event())).toThrow(/unknown key\(s\) "stages"/)
  })

  it('matches user agents by glob, including through a $list', () => {
    expect(fires({ user_agents: { include: ['*kube-hunter*', 'sqlmap/*'] } }, event({ userAgent: 'python-requests/2.31 kube-hunter' }))).toBe(true)
    expect(fires({ user_agents: { include: ['*kube-hunter*', 'sqlmap/*'] } }, event({ userAgent: 'sqlmap/1.7' }))).toBe(true)
    expect(fires({ user_agents: { include: ['*kube-hunter*', 'sqlmap/*'] } }, event({ userAgent: 'kubectl/v1.31.0' }))).toBe(false)
    expect(fires({ user_agents: { include: ['*kube-hunter*'] } }, event())).toBe(false)
    expect(fires({ user_agents: { exclude: ['kubectl/*'] } }, event({ userAgent: 'kubectl/v1.31.0' }))).toBe(false)
  })

  it('matches verbs, including through a $list', () => {
    expect(fires({ verbs: ['get', 'list'] }, event({ verb: 'list' }))).toBe(true)
    expect(fires({ verbs: ['get', 'list'] }, event({ verb: 'delete' }))).toBe(false)
    expect(fires({ verbs: ['$write_verbs'] }, event({ verb: 'patch' }))).toBe(true)
    expect(fires({ verbs: ['$write_verbs'] }, event({ verb: 'get' }))).toBe(false)
  })
})

describe('match: resources', () => {
  it('a resource without a group means the core group', () => {
    expect(fires({ resources: ['pods'] }, event({ objectRef: ref('pods') }))).toBe(true)
    expect(fires({ resources: ['pods'] }, event({ objectRef: ref('pods', '') }))).toBe(true)
    expect(fires({ resources: ['pods'] }, event({ objectRef: ref('pods', 'metrics.k8s.io') }))).toBe(false)
    expect(fires({ resources: ['deployments'] }, event({ objectRef: ref('deployments', 'apps') }))).toBe(false)
  })

  it('resource.group names one group; .* any group', () => {
    expect(fires({ resources: ['deployments.apps'] }, event({ objectRef: ref('deployments', 'apps') }))).toBe(true)
    expect(fires({ resources: ['deployments.apps'] }, event({ objectRef: ref('deployments', 'extensions') }))).toBe(false)
    expect(fires({ resources: ['deployments.apps'] }, event({ objectRef: ref('replicasets', 'apps') }))).toBe(false)
    expect(fires({ resources: ['ingresses.*'] }, event({ objectRef: ref('ingresses', 'networking.k8s.io') }))).toBe(true)
    expect(fires({ resources: ['ingresses.*'] }, event({ objectRef: ref('ingresses', 'extensions') }))).toBe(true)
    expect(fires({ resources: ['ingresses.*'] }, event({ objectRef: ref('ingresses') }))).toBe(true)
    expect(fires({ resources: ['ingresses.*'] }, event({ objectRef: ref('services') }))).toBe(false)
  })

  it('* names any resource of a group, also through a $list', () => {
    for (const resources of [['*.rbac.authorization.k8s.io'], ['$rbac']]) {
      expect(fires({ resources }, event({ objectRef: ref('clusterrolebindings', 'rbac.authorization.k8s.io') }))).toBe(true)
      expect(fires({ resources }, event({ objectRef: ref('roles', 'rbac.authorization.k8s.io') }))).toBe(true)
      expect(fires({ resources }, event({ objectRef: ref('pods') }))).toBe(false)
      expect(fires({ resources }, event({ objectRef: ref('clusterroles', 'rbac.authorization.k8s.io', 'status') }))).toBe(false)
    }
    expect(fires({ resources: ['*'] }, event({ objectRef: ref('secrets') }))).toBe(true)
    expect(fires({ resources: ['*'] }, event({ objectRef: ref('deployments', 'apps') }))).toBe(false)
    expect(fires({ resources: ['*.*'] }, event({ objectRef: ref('deployments', 'apps') }))).toBe(true)
  })

  it('pods does not match pods/exec; pods/exec only matches exec; pods/* any subresource or none', () => {
    expect(fires({ resources: ['pods'] }, event({ objectRef: ref('pods', undefined, 'exec') }))).toBe(false)
    expect(fires({ resources: ['pods/exec'] }, event({ objectRef: ref('pods', undefined, 'exec') }))).toBe(true)
    expect(fires({ resources: ['pods/exec'] }, event({ objectRef: ref('pods') }))).toBe(false)
    expect(fires({ resources: ['pods/exec'] }, event({ objectRef: ref('pods', undefined, 'attach') }))).toBe(false)
    expect(fires({ resources: ['pods/*'] }, event({ objectRef: ref('pods') }))).toBe(true)
    expect(fires({ resources: ['pods/*'] }, event({ objectRef: ref('pods', undefined, 'log') }))).toBe(true)
    expect(fires({ resources: ['pods/*'] }, event({ objectRef: ref('services', undefined, 'proxy') }))).toBe(false)
    expect(fires({ resources: ['deployments.apps/scale'] }, event({ objectRef: ref('deployments', 'apps', 'scale') }))).toBe(true)
    expect(fires({ resources: ['deployments.apps/scale'] }, event({ objectRef: ref('deployments', 'apps') }))).toBe(false)
  })

  it('subresources lists the allowed subresources of entries that name none', () => {
    const m = { resources: ['pods', 'nodes/proxy'], subresources: ['', 'log'] }
    expect(fires(m, event({ objectRef: ref('pods') }))).toBe(true)
    expect(fires(m, event({ objectRef: ref('pods', undefined, 'log') }))).toBe(true)
    expect(fires(m, event({ objectRef: ref('pods', undefined, 'exec') }))).toBe(false)
    expect(fires(m, event({ objectRef: ref('nodes', undefined, 'proxy') }))).toBe(true)
    expect(fires(m, event({ objectRef: ref('nodes', undefined, 'log') }))).toBe(false)
    expect(fires(m, event({ objectRef: ref('nodes') }))).toBe(false)
    expect(fires({ resources: ['pods'], subresources: ['exec'] }, event({ objectRef: ref('pods') }))).toBe(false)
  })

  it('non-resource URLs only match rules without resources', () => {
    const healthz = event({ requestURI: '/healthz', objectRef: undefined })
    expect(fires({}, healthz)).toBe(true)
    expect(fires({ verbs: ['get'] }, healthz)).toBe(true)
    expect(fires({ resources: ['*'] }, healthz)).toBe(false)
    expect(fires({ resources: ['*.*'] }, healthz)).toBe(false)
    expect(fires({ resources: ['pods/*'] }, healthz)).toBe(false)
  })
})

describe('match: namespaces, users, groups', () => {
  it('namespaces include and exclude with globs and $list', () => {
    const inNs = (namespace: string) => event({ objectRef: ref('pods', undefined, undefined, namespace) })
    expect(fires({ namespaces: { include: ['kube-*'] } }, inNs('kube-system'))).toBe(true)
    expect(fires({ namespaces: { include: ['kube-*'] } }, inNs('default'))).toBe(false)
    expect(fires({ namespaces: { exclude: ['kube-*'] } }, inNs('kube-public'))).toBe(false)
    expect(fires({ namespaces: { exclude: ['kube-*'] } }, inNs('default'))).toBe(true)
    expect(fires({ namespaces: { include: ['$regulated'] } }, inNs('prod-eu'))).toBe(true)
    expect(fires({ namespaces: { include: ['$regulated'] } }, inNs('payments'))).toBe(true)
    expect(fires({ namespaces: { include: ['$regulated'] } }, inNs('payments-test'))).toBe(false)
    expect(fires({ namespaces: { include: ['$regulated'], exclude: ['prod-sandbox'] } }, inNs('prod-sandbox'))).toBe(false)
    expect(fires({ namespaces: { include: ['$regulated'], exclude: ['prod-sandbox'] } }, inNs('prod-eu'))).toBe(true)
  })

  it('a cluster-scoped object has the namespace ""', () => {
    const clusterScoped = event({ objectRef: { resource: 'nodes', name: 'n1' } })
    expect(fires({ namespaces: { include: ['*'] } }, clusterScoped)).toBe(true)
    expect(fires({ namespaces: { exclude: ['*'] } }, clusterScoped)).toBe(false)
    expect(fires({ namespaces: { include: ['default'] } }, clusterScoped)).toBe(false)
    expect(fires({ namespaces: { exclude: ['default'] } }, clusterScoped)).toBe(true)
  })

  it('globs treat everything but * literally', () => {
    expect(fires({ namespaces: { include: ['a.b'] } }, event({ objectRef: ref('pods', undefined, undefined, 'a.b') }))).toBe(true)
    expect(fires({ namespaces: { include: ['a.b'] } }, event({ objectRef: ref('pods', undefined, undefined, 'axb') }))).toBe(false)
    expect(fires({ users: { include: ['system:serviceaccount:*:default'] } }, event({ user: { username: 'system:serviceaccount:ns:default' } }))).toBe(true)
    expect(fires({ users: { include: ['system:serviceaccount:*:default'] } }, event({ user: { username: 'system:serviceaccount:ns:builder' } }))).toBe(false)
  })

  it('users include and exclude with globs and $list', () => {
    expect(fires({ users: { include: ['$admins'] } }, event({ user: { username: 'admin-jo' } }))).toBe(true)
    expect(fires({ users: { include: ['$admins'] } }, event({ user: { username: 'root' } }))).toBe(true)
    expect(fires({ users: { include: ['$admins'] } }, event({ user: { username: 'alice' } }))).toBe(false)
    expect(fires({ users: { exclude: ['system:*'] } }, event({ user: { username: 'system:kube-scheduler' } }))).toBe(false)
    expect(fires({ users: { exclude: ['system:*'] } }, event({ user: {} }))).toBe(true)
    expect(fires({ users: { include: ['*'] } }, event({ user: {} }))).toBe(true)
    expect(fires({ users: { include: ['?'] } }, event({ user: {} }))).toBe(false)
  })

  it('groups: include when any group matches, exclude when any does', () => {
    const withGroups = (groups: string[] | undefined) => event({ user: { username: 'u', ...(groups === undefined ? {} : { groups }) } })
    expect(fires({ groups: { include: ['$oncall', 'sre-*'] } }, withGroups(['dev', 'oncall']))).toBe(true)
    expect(fires({ groups: { include: ['$oncall', 'sre-*'] } }, withGroups(['sre-eu']))).toBe(true)
    expect(fires({ groups: { include: ['$oncall', 'sre-*'] } }, withGroups(['dev']))).toBe(false)
    expect(fires({ groups: { include: ['$oncall'] } }, withGroups(undefined))).toBe(false)
    expect(fires({ groups: { exclude: ['system:masters'] } }, withGroups(['dev', 'system:masters']))).toBe(false)
    expect(fires({ groups: { exclude: ['system:masters'] } }, withGroups(['dev']))).toBe(true)
    expect(fires({ groups: { exclude: ['system:masters'] } }, withGroups(undefined))).toBe(true)
  })
})

describe('match: response codes, annotations, impersonation', () => {
  const code = (c: number | undefined) => event(c === undefined ? { responseStatus: undefined } : { responseStatus: { code: c } })

  it('2xx, 400-499 and 403', () => {
    expect(fires({ response_codes: ['2xx'] }, code(201))).toBe(true)
    expect(fires({ response_codes: ['2xx'] }, code(299))).toBe(true)
    expect(fires({ response_codes: ['2xx'] }, code(301))).toBe(false)
    expect(fires({ response_codes: ['400-499'] }, code(400))).toBe(true)
    expect(fires({ response_codes: ['400-499'] }, code(499))).toBe(true)
    expect(fires({ response_codes: ['400-499'] }, code(500))).toBe(false)
    expect(fires({ response_codes: ['400-499'] }, code(399))).toBe(false)
    expect(fires({ response_codes: [403] }, code(403))).toBe(true)
    expect(fires({ response_codes: [403] }, code(401))).toBe(false)
    expect(fires({ response_codes: ['403'] }, code(403))).toBe(true)
    expect(fires({ response_codes: ['401', 403] }, code(401))).toBe(true)
  })

  it('an event without a response code has code 0: matched by no code spec but accepted when absent', () => {
    expect(fires({ response_codes: ['2xx', '4xx', '5xx'] }, code(undefined))).toBe(false)
    expect(fires({}, code(undefined))).toBe(true)
  })

  it('annotations: the event must carry at least one of the keys', () => {
    const m = { annotations: ['authorization.k8s.io/decision', 'pod-security.kubernetes.io/enforce-policy'] }
    expect(fires(m, event({ annotations: { 'pod-security.kubernetes.io/enforce-policy': 'restricted:latest' } }))).toBe(true)
    expect(fires(m, event({ annotations: { 'authorization.k8s.io/decision': '' } }))).toBe(true)
    expect(fires(m, event({ annotations: { 'other/key': 'x' } }))).toBe(false)
    expect(fires(m, event())).toBe(false)
  })

  it('impersonated: true only impersonated requests, false only the others', () => {
    const imp = event({ impersonatedUser: { username: 'bob' } })
    expect(fires({ impersonated: true }, imp)).toBe(true)
    expect(fires({ impersonated: true }, event())).toBe(false)
    expect(fires({ impersonated: true }, event({ impersonatedUser: null }))).toBe(false)
    expect(fires({ impersonated: true }, event({ impersonatedUser: { username: '' } }))).toBe(false)
    expect(fires({ impersonated: false }, imp)).toBe(false)
    expect(fires({ impersonated: false }, event())).toBe(true)
    expect(fires({}, imp)).toBe(true)
  })
})

describe('match: explanations', () => {
  const none = () => () => {
    throw new Error('no list is missing')
  }

  it('checkStatic says which part rejects the key', () => {
    const m = compileMatch({ verbs: ['create'], resources: ['deployments.apps'], response_codes: ['2xx'] }, {}, none, ['ResponseComplete']).static
    expect(checkStatic(m, staticKeyOf(event({ stage: 'RequestReceived' })))).toBe('stage RequestReceived is not in [ResponseComplete]')
    expect(checkStatic(m, staticKeyOf(event()))).toBe('verb get is not in [create]')
    expect(checkStatic(m, staticKeyOf(event({ verb: 'create', objectRef: undefined })))).toBe('the request is not for a resource')
    expect(checkStatic(m, staticKeyOf(event({ verb: 'create', objectRef: ref('deployments', 'apps', 'scale') })))).toBe("resource deployments.apps/scale is not in the rule's resources")
    expect(checkStatic(m, staticKeyOf(event({ verb: 'create', objectRef: ref('deployments', 'apps'), responseStatus: undefined })))).toBe('response code none is not in [2xx]')
    expect(checkStatic(m, staticKeyOf(event({ verb: 'create', objectRef: ref('deployments', 'apps'), responseStatus: { code: 403 } })))).toBe('response code 403 is not in [2xx]')
    expect(checkStatic(m, staticKeyOf(event({ verb: 'create', objectRef: ref('deployments', 'apps'), responseStatus: { code: 201 } })))).toBeUndefined()
  })

  it('dynamic says which clause rejects the event, accepts agrees with it', () => {
    const m = compileMatch(
      { annotations: ['a/b'], impersonated: false, namespaces: { exclude: ['kube-*'] }, users: { include: ['alice'] }, groups: { include: ['dev'], exclude: ['banned'] } },
      {},
      none,
      ['ResponseComplete'],
    )
    const ok = event({ annotations: { 'a/b': 'x' } })
    const cases: [AuditEvent, string | undefined][] = [
      [ok, undefined],
      [event(), 'none of the annotations a/b'],
      [{ ...ok, impersonatedUser: { username: 'x' } }, 'an impersonated request'],
      [{ ...ok, objectRef: ref('pods', undefined, undefined, 'kube-system') }, 'namespace "kube-system" excluded'],
      [{ ...ok, user: { username: 'bob', groups: ['dev'] } }, 'user "bob" not included'],
      [{ ...ok, user: { username: 'alice', groups: ['ops'] } }, 'groups ["ops"] not included'],
      [{ ...ok, user: { username: 'alice', groups: ['dev', 'banned'] } }, 'groups ["dev","banned"] excluded'],
    ]
    for (const [e, why] of cases) {
      expect(m.dynamic(e)).toBe(why)
      expect(m.accepts(e)).toBe(why === undefined)
    }
    const imp = compileMatch({ impersonated: true }, {}, none, ['ResponseComplete'])
    expect(imp.dynamic(event())).toBe('not an impersonated request')
  })
})

describe('the candidate index', () => {
  const RULES: Record<string, unknown>[] = [
    { id: 'x.any', match: {} },
    { id: 'x.get-pods', match: { verbs: ['get'], resources: ['pods'] } },
    { id: 'x.exec', match: { resources: ['pods/exec', 'pods/attach'] }, condition: 'responseStatus.code == 101' },
    { id: 'x.apps', match: { resources: ['*.apps'], response_codes: ['2xx'] } },
    { id: 'x.ingress', match: { resources: ['ingresses.*'], verbs: ['$write_verbs'] } },
    { id: 'x.core-any', match: { resources: ['*'] } },
    { id: 'x.denied', match: { response_codes: ['403', '401'] } },
    { id: 'x.pods-sub', match: { resources: ['pods/*'], namespaces: { exclude: ['kube-*'] } } },
    { id: 'x.disabled', enabled: false, match: {} },
    { id: 'x.inert', condition: 'size(lists.oncall) == 0', match: {} },
    { id: 'x.cond', condition: 'objectRef.name.startsWith("p")', match: { users: { exclude: ['$admins'] } } },
    { id: 'x.nonres', condition: 'requestURI.startsWith("/healthz")', match: { verbs: ['get'] } },
  ]

  const EVENTS: AuditEvent[] = [
    event(),
    event({ verb: 'list' }),
    event({ objectRef: ref('pods', undefined, 'exec'), stage: 'ResponseStarted', verb: 'create' }),
    event({ objectRef: ref('pods', undefined, 'exec'), verb: 'create' }),
    event({ objectRef: ref('deployments', 'apps'), verb: 'create', responseStatus: { code: 201 } }),
    event({ objectRef: ref('deployments', 'apps'), verb: 'create', responseStatus: { code: 403 } }),
    event({ objectRef: ref('ingresses', 'networking.k8s.io'), verb: 'patch' }),
    event({ objectRef: ref('ingresses', 'networking.k8s.io'), verb: 'get' }),
    event({ objectRef: ref('pods', undefined, 'log', 'kube-system') }),
    event({ objectRef: ref('pods', undefined, 'log') }),
    event({ requestURI: '/healthz', objectRef: undefined }),
    event({ requestURI: '/healthz', objectRef: undefined, responseStatus: { code: 401 } }),
    // An objectRef without a resource is a non-resource request; one with resource "" is not.
    event({ objectRef: { namespace: 'default' } }),
    event({ objectRef: { resource: '' } }),
    event({ user: { username: 'root' } }),
    event({ objectRef: ref('secrets'), responseStatus: undefined }),
    event({ stage: 'RequestReceived' }),
  ]

  /** The same answer computed rule by rule, with no memo. */
  function bruteForce(rs: Ruleset, e: AuditEvent): string[] {
    const activation = rs.activation(e, 'c1')
    return rs.rules
      .filter((r) => r.enabled && !r.inert && checkStatic(r.match.static, staticKeyOf(e)) === undefined)
      .filter((r) => evaluateCompiled(r, e, activation).matched)
      .map((r) => r.id)
  }

  it('gives the same answers as unmemoised evaluation, whatever the order of events', () => {
    const shared = rulesetOf(RULES)
    const expected = EVENTS.map((e) => bruteForce(rulesetOf(RULES), e))
    for (const order of [EVENTS, [...EVENTS].reverse(), [...EVENTS, ...EVENTS]]) {
      for (const e of order) {
        const i = EVENTS.indexOf(e)
        expect(evaluateEvent(shared, e, 'c1').hits.map((h) => h.rule.id), `event ${i}`).toEqual(expected[i])
        expect(evaluateEvent(rulesetOf(RULES), e, 'c1').hits.map((h) => h.rule.id), `event ${i}, fresh`).toEqual(expected[i])
      }
    }
    expect(expected[0]).toEqual(['x.any', 'x.get-pods', 'x.core-any', 'x.pods-sub', 'x.cond'])
    expect(expected[2]).toEqual(['x.any', 'x.pods-sub'])
    expect(bruteForce(rulesetOf(RULES), event({ objectRef: ref('pods', undefined, 'exec'), stage: 'ResponseStarted', verb: 'create', responseStatus: { code: 101 } }))).toEqual(['x.any', 'x.exec', 'x.pods-sub'])
    expect(expected[4]).toEqual(['x.any', 'x.apps'])
    expect(expected[10]).toEqual(['x.any', 'x.nonres'])
    expect(expected[12]).toEqual(['x.any'])
    expect(expected[13]).toEqual(['x.any', 'x.core-any'])
  })

  it('memoises one candidate list per static key, in definition order, without disabled or inert rules', () => {
    const rs = rulesetOf(RULES)
    const a = candidatesFor(rs, event())
    expect(a.map((r) => r.id)).toEqual(['x.any', 'x.get-pods', 'x.core-any', 'x.pods-sub', 'x.cond', 'x.nonres'])
    expect(candidatesFor(rs, event({ user: { username: 'other' }, objectRef: ref('pods', undefined, undefined, 'elsewhere') }))).toBe(a)
    expect(rs.candidates.size).toBe(1)
    expect(candidatesFor(rs, event({ verb: 'list' })).map((r) => r.id)).toEqual(['x.any', 'x.core-any', 'x.pods-sub', 'x.cond'])
    expect(rs.candidates.size).toBe(2)
  })

  it('keys events by stage, level, verb, code and, for resources, group, resource and subresource', () => {
    expect(staticKeyString(event())).toBe('ResponseComplete|Metadata|get|200||pods|')
    expect(staticKeyString(event({ objectRef: ref('deployments', 'apps', 'scale'), responseStatus: undefined }))).toBe('ResponseComplete|Metadata|get|0|apps|deployments|scale')
    expect(staticKeyString(event({ objectRef: undefined, level: 'Request' }))).toBe('ResponseComplete|Request|get|200')
    expect(staticKeyString(event({ objectRef: { namespace: 'x' } }))).toBe('ResponseComplete|Metadata|get|200')
    expect(staticKeyString(event({ objectRef: { resource: '' } }))).toBe('ResponseComplete|Metadata|get|200|||')
  })
})

describe('matcher', () => {
  it('agrees with globToRegExp for exact names, prefixes, suffixes, infixes and other globs', () => {
    const patterns = ['a', 'system:*', '*.internal', '*hunter*', 'x*y*z', '*', '**', 'k*s*']
    const m = matcher(patterns)
    for (const v of ['a', 'system:node:n', 'ip-10.ec2.internal', 'kube-hunter', 'xaybz', '', 'ks', 'kubernetes', 'b', 'hunte']) {
      expect(m(v), v).toBe(patterns.some((p) => globToRegExp(p).test(v)))
    }
    const narrow = matcher(['system:*', '*.internal', '*hunter*'])
    expect(['system:x', 'a.internal', 'kube-hunter', 'kubectl'].map(narrow)).toEqual([true, true, true, false])
  })
})

describe('user-name classes in the candidate index', () => {
  it('knows which classes a users check can accept, and leaves doubtful globs open', () => {
    const classes = (users: { include?: string[]; exclude?: string[] }) => compileMatch({ users }, { admins: ['admin', 'kubernetes-admin'] }, () => () => {}, ['ResponseComplete']).static.userClasses
    expect(classes({ include: ['system:anonymous'] })).toBe(USER_ANONYMOUS)
    expect(classes({ include: ['system:*'], exclude: ['system:anonymous'] })).toBe(USER_SYSTEM)
    expect(classes({ include: ['system:serviceaccount:*'] })).toBe(USER_SYSTEM)
    expect(classes({ include: ['system:a*'] })).toBe(USER_ANONYMOUS | USER_SYSTEM)
    expect(classes({ include: ['$admins'], exclude: ['system:*'] })).toBe(USER_OTHER)
    expect(classes({ include: ['*@example.com'] })).toBe(USER_ANONYMOUS | USER_SYSTEM | USER_OTHER)
    expect(classes({ include: ['sys*'] })).toBe(USER_ANONYMOUS | USER_SYSTEM | USER_OTHER)
    expect(classes({ exclude: ['system:*'] })).toBe(USER_OTHER)
    expect(classes({})).toBe(USER_ANONYMOUS | USER_SYSTEM | USER_OTHER)
    expect([userClassOf('system:anonymous'), userClassOf('system:node:n1'), userClassOf('alice'), userClassOf('')]).toEqual([USER_ANONYMOUS, USER_SYSTEM, USER_OTHER, USER_OTHER])
  })
})
