import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { compileRules, type CompileOptions } from './compile.js'
import { explainRule } from './explain.js'

function event(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    auditID: 'x-1',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/prod/secrets/db',
    verb: 'get',
    user: { username: 'alice', groups: ['dev'] },
    objectRef: { resource: 'secrets', namespace: 'prod', name: 'db' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-03-01T10:00:00Z',
    stageTimestamp: '2026-03-01T10:00:00Z',
    ...over,
  }
}

const TEXT = `lists:
  - { name: allowed, items: [] }
rules:
  - id: x.secret-read
    title: Secret read
    description: D
    severity: high
    output: o
    match: { verbs: [get], resources: [secrets], users: { include: [alice, carol] } }
    condition: 'objectRef.namespace == "prod" && objectRef.name.startsWith("d") && user.username != "carol"'
    exceptions:
      - { name: ticketed, reason: Has a ticket, approver: sec, match: { groups: { include: [oncall] } } }
  - id: x.raises
    title: Raises
    description: D
    severity: low
    output: o
    condition: 'verb == "get" && requestObject.spec.x == 1'
  - id: x.off
    title: Off
    description: D
    severity: low
    output: o
    enabled: false
  - id: x.inert
    title: Inert
    description: D
    severity: low
    output: o
    condition: size(lists.allowed) > 0
  - id: x.either
    title: Either
    description: D
    severity: low
    output: o
    condition: 'verb == "get" || verb == "list" && false'
`

const explain = (id: string, e: AuditEvent, options: CompileOptions = {}) => explainRule(compileRules([{ file: 'x.yaml', text: TEXT }], options), id, e, 'c1')

const STATIC_OK = { step: 'match (stage, verb, resource)', ok: true, detail: 'accepted' }
const DYNAMIC_OK = { step: 'match (namespace, user, groups, code)', ok: true, detail: 'accepted' }

describe('explainRule', () => {
  it('explains a match', () => {
    expect(explain('x.secret-read', event())).toEqual({
      rule_id: 'x.secret-read',
      matched: true,
      steps: [
        STATIC_OK,
        DYNAMIC_OK,
        { step: 'condition: objectRef.namespace == "prod"', ok: true, detail: '= true' },
        { step: 'condition: objectRef.name.startsWith("d")', ok: true, detail: '= true' },
        { step: 'condition: user.username != "carol"', ok: true, detail: '= true' },
      ],
      reason: 'Secret read: objectRef.name=db, objectRef.namespace=prod, user.username=alice',
      evidence: { 'objectRef.name': 'db', 'objectRef.namespace': 'prod', 'user.username': 'alice' },
    })
  })

  it('stops at a failing static match', () => {
    expect(explain('x.secret-read', event({ verb: 'list' }))).toEqual({
      rule_id: 'x.secret-read',
      matched: false,
      steps: [{ step: 'match (stage, verb, resource)', ok: false, detail: 'verb list is not in [get]' }],
      reason: 'verb list is not in [get]',
      evidence: {},
    })
  })

  it('says which fields a stage lacks when the rule is not judged at it', () => {
    expect(explain('x.raises', event({ stage: 'RequestReceived' }))?.steps).toEqual([
      {
        step: 'match (stage, verb, resource)',
        ok: false,
        detail: 'stage RequestReceived is not in [ResponseStarted, ResponseComplete, Panic] (the rule reads requestObject, which that stage does not carry; it needs audit level Request)',
      },
    ])
  })

  it('stops at a failing per-event match', () => {
    expect(explain('x.secret-read', event({ user: { username: 'bob' } }))).toMatchObject({
      matched: false,
      steps: [STATIC_OK, { step: 'match (namespace, user, groups, code)', ok: false, detail: 'user "bob" not included' }],
      reason: 'match: user "bob" not included',
    })
  })

  it('shows the first && clause that is false, and none after it', () => {
    expect(explain('x.secret-read', event({ objectRef: { resource: 'secrets', namespace: 'prod', name: 'api' } }))).toEqual({
      rule_id: 'x.secret-read',
      matched: false,
      steps: [
        STATIC_OK,
        DYNAMIC_OK,
        { step: 'condition: objectRef.namespace == "prod"', ok: true, detail: '= true' },
        { step: 'condition: objectRef.name.startsWith("d")', ok: false, detail: '= false' },
      ],
      reason: 'condition is false',
      evidence: {},
    })
  })

  it('shows a clause that raises', () => {
    expect(explain('x.raises', event())).toMatchObject({
      matched: false,
      steps: [STATIC_OK, DYNAMIC_OK, { step: 'condition: verb == "get"', ok: true, detail: '= true' }, { step: 'condition: requestObject.spec.x == 1', ok: false, detail: 'error: No such key: spec' }],
      reason: 'No such key: spec',
    })
  })

  it('shows an applying exception', () => {
    const x = explain('x.secret-read', event({ user: { username: 'alice', groups: ['oncall'] } }))
    expect(x?.matched).toBe(false)
    expect(x?.steps.at(-1)).toEqual({ step: 'exceptions', ok: false, detail: 'excepted by "ticketed": Has a ticket (approved by sec)' })
    expect(x?.steps).toHaveLength(6)
    expect(x?.reason).toBe('excepted by "ticketed": Has a ticket (approved by sec)')
  })

  it('says when a rule is disabled or inert', () => {
    expect(explain('x.off', event())).toMatchObject({
      matched: false,
      steps: [{ step: 'enabled', ok: false, detail: 'the rule is disabled (it would be skipped)' }, STATIC_OK, DYNAMIC_OK, { step: 'condition: true', ok: true, detail: '= true' }],
    })
    expect(explain('x.inert', event())).toMatchObject({
      matched: false,
      steps: [
        { step: 'lists', ok: false, detail: 'the condition reads only lists, and with the current lists it is false for every event (the rule is inert)' },
        STATIC_OK,
        DYNAMIC_OK,
        { step: 'condition: size(lists.allowed) > 0', ok: false, detail: '= false' },
      ],
    })
    expect(explain('x.inert', event(), { lists: [{ name: 'allowed', items: ['a'] }] })).toMatchObject({
      matched: true,
      steps: [STATIC_OK, DYNAMIC_OK, { step: 'condition: size(lists.allowed) > 0', ok: true, detail: '= true' }],
    })
  })

  it('does not split a condition whose top level is an ||', () => {
    expect(explain('x.either', event())).toMatchObject({
      matched: true,
      steps: [STATIC_OK, DYNAMIC_OK, { step: 'condition: verb == "get" || verb == "list" && false', ok: true, detail: '= true' }],
    })
  })

  it('is undefined for an unknown rule', () => {
    expect(explain('x.nope', event())).toBeUndefined()
  })
})
