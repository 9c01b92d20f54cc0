import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { compileRules, type CompiledRule, type Ruleset } from './compile.js'
import { evaluateCompiled, evaluateEvent, type RuleVerdict } from './evaluate.js'

function event(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    auditID: 'e-1',
    stage: 'ResponseComplete',
    level: 'RequestResponse',
    requestURI: '/api/v1/namespaces/prod/secrets/db',
    verb: 'get',
    user: { username: 'alice', groups: ['dev'] },
    objectRef: { resource: 'secrets', namespace: 'prod', name: 'db', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2027-01-15T12:00:00.123456Z',
    stageTimestamp: '2027-01-15T12:00:00.200000Z',
    ...over,
  }
}

const at = (requestReceivedTimestamp: string) => event({ requestReceivedTimestamp })

/** One rule (plus optional lists and macros) compiled from YAML. */
function compileOne(body: string, head = ''): { rs: Ruleset; rule: CompiledRule } {
  const rs = compileRules([{ file: 'e.yaml', text: `${head}rules:\n  - id: e.rule\n    title: Secret read\n    description: D\n    severity: high\n    output: '{user.username} read {objectRef.name}'\n${body}` }])
  return { rs, rule: rs.rules[0] as CompiledRule }
}

function verdict(c: { rs: Ruleset; rule: CompiledRule }, e: AuditEvent): RuleVerdict {
  return evaluateCompiled(c.rule, e, c.rs.activation(e, 'c1'))
}

describe('exceptions', () => {
  const BREAK_GLASS = `    condition: verb == "get"
    exceptions:
      - name: break-glass-oncall
        reason: The on-call group may read secrets during incidents.
        approver: security@example.com
        expires: 2027-03-31
        match: { groups: { include: [oncall] } }
        condition: 'annotations.exists(k, k == "example.com/ticket")'
`
  const oncall = (over: Partial<AuditEvent> = {}) => event({ user: { username: 'olga', groups: ['dev', 'oncall'] }, annotations: { 'example.com/ticket': 'INC-1' }, ...over })

  it('an applying exception suppresses the finding with a reason naming it and its approver', () => {
    const c = compileOne(BREAK_GLASS)
    expect(verdict(c, oncall())).toEqual({
      matched: false,
      reason: 'excepted by "break-glass-oncall": The on-call group may read secrets during incidents. (approved by security@example.com, until 2027-03-31)',
      evidence: { verb: 'get' },
    })
    expect(evaluateEvent(c.rs, oncall(), 'c1')).toMatchObject({ hits: [], errors: [] })
  })

  it('leaves out "until" for an exception without expiry', () => {
    const c = compileOne('    exceptions:\n      - { name: forever, reason: Always fine, approver: ciso }\n')
    expect(verdict(c, event()).reason).toBe('excepted by "forever": Always fine (approved by ciso)')
  })

  it('an exception applies only where its match matches', () => {
    const c = compileOne(BREAK_GLASS)
    const v = verdict(c, oncall({ user: { username: 'alice', groups: ['dev'] } }))
    expect(v.matched).toBe(true)
    expect(v.reason).toBe('Secret read: verb=get')
  })

  it('an exception match may use verbs and resources, and names no stage', () => {
    const c = compileOne('    exceptions:\n      - { name: list-ok, reason: r, approver: a, match: { verbs: [list], resources: [secrets] } }\n')
    expect(verdict(c, event({ verb: 'list' })).matched).toBe(false)
    expect(verdict(c, event({ verb: 'get' })).matched).toBe(true)
    expect(verdict(c, event({ verb: 'list', objectRef: { resource: 'configmaps' } })).matched).toBe(true)
    expect(verdict(c, event({ verb: 'list', stage: 'ResponseStarted' })).matched).toBe(false)
  })

  it('an exception applies only where its condition holds; one that raises does not apply, and says so', () => {
    const c = compileOne(BREAK_GLASS)
    expect(verdict(c, oncall({ annotations: {} })).matched).toBe(true)
    const raising = compileOne('    exceptions:\n      - { name: odd, reason: r, approver: a, condition: requestObject.spec.ok == true }\n')
    const v = verdict(raising, event())
    expect(v).toMatchObject({ matched: true, reason: expect.stringMatching(/^Secret read: condition held; exception "odd" could not be evaluated: .+; the finding stands$/) })
    expect(v.exceptionErrors).toEqual([expect.stringMatching(/^exception "odd" could not be evaluated: /)])
    expect(verdict(raising, event({ requestObject: { spec: { ok: true } } })).matched).toBe(false)
    // evaluateEvent reports the finding and counts the exception's error against the rule.
    const all = evaluateEvent(raising.rs, event(), 'c1')
    expect(all.hits.map((h) => h.rule.id)).toEqual(['e.rule'])
    expect(all.errors).toEqual([{ rule_id: 'e.rule', message: expect.stringMatching(/^exception "odd" could not be evaluated: /) }])
  })

  it('an exception that expired before the event no longer applies, and the reason says so', () => {
    const c = compileOne(BREAK_GLASS)
    const v = verdict(c, oncall({ requestReceivedTimestamp: '2027-04-01T08:00:00Z' }))
    expect(v).toEqual({
      matched: true,
      reason: 'Secret read: verb=get; exception "break-glass-oncall" (approved by security@example.com) expired on 2027-03-31 and no longer applies',
      evidence: { verb: 'get' },
    })
    const hits = evaluateEvent(c.rs, oncall({ requestReceivedTimestamp: '2027-04-01T08:00:00Z' }), 'c1').hits
    expect(hits.map((h) => h.reason)).toEqual([v.reason])
  })

  it('expires on the named day, 00:00 UTC, by the event time', () => {
    const c = compileOne(BREAK_GLASS)
    expect(verdict(c, oncall({ requestReceivedTimestamp: '2027-03-30T23:59:59.999999Z' })).matched).toBe(false)
    expect(verdict(c, oncall({ requestReceivedTimestamp: '2027-03-31T00:00:00Z' })).matched).toBe(true)
    expect(verdict(c, oncall({ requestReceivedTimestamp: '2027-03-31T01:00:00+02:00' })).matched).toBe(false)
  })

  it('compares with the event time, not the wall clock', () => {
    const past = compileOne('    exceptions:\n      - { name: y2k, reason: r, approver: a, expires: 2000-01-01 }\n')
    expect(verdict(past, at('1999-12-31T23:00:00Z')).matched).toBe(false)
    expect(verdict(past, at('2000-01-01T00:00:00Z')).reason).toBe('Secret read: condition held; exception "y2k" (approved by a) expired on 2000-01-01 and no longer applies')
    const future = compileOne('    exceptions:\n      - { name: far, reason: r, approver: a, expires: 2099-01-01 }\n')
    expect(verdict(future, at('2098-12-31T00:00:00Z')).matched).toBe(false)
    expect(verdict(future, at('2099-06-01T00:00:00Z')).matched).toBe(true)
  })

  it('an expired exception is noted while a later one still applies', () => {
    const c = compileOne('    exceptions:\n      - { name: old, reason: r1, approver: a1, expires: 2020-01-01 }\n      - { name: new, reason: r2, approver: a2 }\n')
    expect(verdict(c, event())).toEqual({ matched: false, reason: 'excepted by "new": r2 (approved by a2)', evidence: {} })
  })
})

describe('evidence', () => {
  it('keeps the event fields the condition and its macros read, with their values', () => {
    const head = `macros:
  - { name: human, condition: '!user.username.startsWith("system:")' }
  - { name: risky, condition: 'human && objectRef.namespace == "prod"' }
`
    const c = compileOne(`    condition: 'risky && verb == "get" && requestObject.spec.hostPID == true && annotations["a/b"] == "c"'\n`, head)
    expect(c.rule.evidencePaths).toEqual(['annotations', 'objectRef.namespace', 'requestObject.spec.hostPID', 'user.username', 'verb'])
    const v = verdict(c, event({ requestObject: { spec: { hostPID: true, other: 'x' } }, annotations: { 'a/b': 'c' } }))
    expect(v.evidence).toEqual({
      annotations: { 'a/b': 'c' },
      'objectRef.namespace': 'prod',
      'requestObject.spec.hostPID': true,
      'user.username': 'alice',
      verb: 'get',
    })
    expect(v.reason).toBe('Secret read: annotations={"a/b":"c"}, objectRef.namespace=prod, requestObject.spec.hostPID=true, user.username=alice, verb=get')
  })

  it('never keeps the whole requestObject, responseObject or event, nor lists or comprehension variables', () => {
    const c = compileOne(
      `    condition: 'to_json(requestObject).contains("x") && size(responseObject) >= 0 && size(event) > 0 && verb in lists.verbs && requestObject.items.exists(i, i.name == "x")'\n`,
      'lists:\n  - { name: verbs, items: [get] }\n',
    )
    expect(c.rule.evidencePaths).toEqual(['requestObject.items', 'verb'])
    expect(verdict(c, event({ requestObject: { items: [{ name: 'x' }] } })).evidence).toEqual({ 'requestObject.items': [{ name: 'x' }], verb: 'get' })
  })

  it('an explicit evidence list replaces the automatic one; [keys] keeps only keys', () => {
    const c = compileOne(`    condition: requestObject.data.password != ""\n    evidence: [objectRef.name, 'requestObject.data[keys]', 'annotations["a/b"]', 'requestObject.missing']\n`)
    expect(c.rule.evidencePaths).toEqual(['objectRef.name', 'requestObject.data[keys]', 'annotations["a/b"]', 'requestObject.missing'])
    const v = verdict(c, event({ requestObject: { data: { password: 'hunter2', user: 'root' } }, annotations: { 'a/b': 'c', other: 'd' } }))
    expect(v.evidence).toEqual({ 'objectRef.name': 'db', 'requestObject.data[keys]': ['password', 'user'], 'annotations["a/b"]': 'c' })
    expect(JSON.stringify(v)).not.toContain('hunter2')
  })

  it('truncates large values', () => {
    const c = compileOne('    condition: size(requestObject.spec.blob) > 0 && size(requestObject.spec.list) > 0\n')
    const blob = 'x'.repeat(5000)
    const list = Array.from({ length: 1000 }, (_, i) => i)
    const v = verdict(c, event({ requestObject: { spec: { blob, list } } }))
    expect(v.evidence['requestObject.spec.blob']).toBe(`${'x'.repeat(2048)}… [truncated, 5000 chars]`)
    const listText = JSON.stringify(list)
    expect(v.evidence['requestObject.spec.list']).toBe(`${listText.slice(0, 2048)}… [truncated, ${listText.length} chars]`)
    expect(v.reason.length).toBe(1001)
    expect(v.reason.endsWith('…')).toBe(true)
  })

  it('shows at most six evidence fields in the reason', () => {
    const c = compileOne('    condition: auditID != "" && cluster != "" && level != "" && verb != "" && requestURI != "" && objectRef.name != "" && objectRef.namespace != ""\n')
    expect(verdict(c, event()).reason).toBe('Secret read: auditID=e-1, cluster=c1, level=RequestResponse, objectRef.name=db, objectRef.namespace=prod, requestURI=/api/v1/namespaces/prod/secrets/db')
    expect(Object.keys(verdict(c, event()).evidence)).toHaveLength(7)
  })

  it('a false condition or a failed match has no evidence', () => {
    const c = compileOne('    match: { users: { exclude: [alice] } }\n    condition: verb == "list"\n')
    expect(verdict(c, event())).toEqual({ matched: false, reason: 'match: user "alice" excluded', evidence: {} })
    expect(verdict(c, event({ user: { username: 'bob' } }))).toEqual({ matched: false, reason: 'condition is false', evidence: {} })
  })

  it('a raising condition gives an error and no match', () => {
    const c = compileOne('    condition: requestObject.spec.x == 1\n')
    expect(verdict(c, event())).toEqual({ matched: false, reason: 'condition could not be evaluated', evidence: {}, error: 'No such key: spec' })
  })
})

describe('evaluateEvent', () => {
  it('returns hits with their rendered output, and skips disabled rules', () => {
    const rs = compileRules([
      {
        file: 'e.yaml',
        text: `rules:
  - { id: e.one, title: One, description: D, severity: low, output: '{user.username} {verb} {objectRef.namespace}/{objectRef.name}', condition: 'verb == "get"' }
  - { id: e.two, title: Two, description: D, severity: low, output: 'never', enabled: false }
  - { id: e.three, title: Three, description: D, severity: low, output: '{annotations["x/y"]}', match: { verbs: [get] } }
`,
      },
    ])
    const result = evaluateEvent(rs, event(), 'c1')
    expect(result.hits.map((h) => [h.rule.id, h.output, h.reason, h.evidence])).toEqual([
      ['e.one', 'alice get prod/db', 'One: verb=get', { verb: 'get' }],
      ['e.three', '<none>', 'Three: condition held', {}],
    ])
    expect(result.errors).toEqual([])
    expect(result.activation?.auditID).toBe('e-1')
  })

  it('builds no activation when no rule accepts the event', () => {
    const rs = compileRules([{ file: 'e.yaml', text: "rules:\n  - { id: e.one, title: One, description: D, severity: low, output: o, match: { verbs: [delete] } }\n" }])
    expect(evaluateEvent(rs, event(), 'c1')).toEqual({ hits: [], errors: [], activation: undefined })
    const users = compileRules([{ file: 'e.yaml', text: "rules:\n  - { id: e.one, title: One, description: D, severity: low, output: o, match: { users: { include: [bob] } } }\n" }])
    expect(evaluateEvent(users, event(), 'c1').activation).toBeUndefined()
  })
})
