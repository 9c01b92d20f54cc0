import { describe, expect, it } from 'vitest'
import { compileRules } from './compile.js'
import { runRuleTests } from './run-tests.js'
import { completeTestEvent } from './test-event.js'

const run = (text: string, filter?: (id: string) => boolean) => runRuleTests(compileRules([{ file: 'r.yaml', text }]), filter)

describe('runRuleTests', () => {
  it('runs firing and non-firing examples through the evaluator', () => {
    const results = run(`rules:
  - id: r.exec
    title: Exec into a pod
    description: D
    severity: high
    output: o
    match: { verbs: [create], resources: [pods/exec], response_codes: [101] }
    condition: query_param(requestURI, "command") == "sh"
    tests:
      - name: fires on sh
        fires: true
        event: { stage: ResponseStarted, verb: create, requestURI: "/api/v1/namespaces/a/pods/p/exec?command=sh", objectRef: { resource: pods, subresource: exec }, responseStatus: { code: 101 } }
      - name: quiet on ls
        fires: false
        event: { stage: ResponseStarted, verb: create, requestURI: "/api/v1/namespaces/a/pods/p/exec?command=ls", objectRef: { resource: pods, subresource: exec }, responseStatus: { code: 101 } }
      - name: quiet when refused
        fires: false
        event: { verb: create, requestURI: "/api/v1/namespaces/a/pods/p/exec?command=sh", objectRef: { resource: pods, subresource: exec }, responseStatus: { code: 403 } }
      - name: wrongly expects a finding
        fires: true
        event: { stage: ResponseStarted, verb: create, requestURI: "/x?command=ls", objectRef: { resource: pods, subresource: exec }, responseStatus: { code: 101 } }
`)
    expect(results).toEqual([
      { rule_id: 'r.exec', test: 'fires on sh', expected: true, actual: true, passed: true, detail: 'Exec into a pod: requestURI=/api/v1/namespaces/a/pods/p/exec?command=sh' },
      { rule_id: 'r.exec', test: 'quiet on ls', expected: false, actual: false, passed: true, detail: 'condition is false' },
      { rule_id: 'r.exec', test: 'quiet when refused', expected: false, actual: false, passed: true, detail: 'not selected by match' },
      { rule_id: 'r.exec', test: 'wrongly expects a finding', expected: true, actual: false, passed: false, detail: 'condition is false' },
    ])
  })

  it('uses the neutral test defaults and the per-test cluster; reports raising conditions', () => {
    const results = run(`rules:
  - id: r.defaults
    title: T
    description: D
    severity: low
    output: o
    enabled: false
    condition: 'user.username == "test-user" && level == "RequestResponse" && cluster == "prod" && auditID == "test-0"'
    tests:
      - { name: in prod, fires: true, cluster: prod, event: { verb: get } }
      - { name: default cluster is test, fires: false, event: { verb: get } }
  - id: r.raises
    title: T
    description: D
    severity: low
    output: o
    condition: requestObject.spec.x == 1
    tests:
      - { name: raises, fires: false, event: { verb: get } }
`)
    expect(results.map((r) => [r.rule_id, r.test, r.passed, r.detail])).toEqual([
      ['r.defaults', 'in prod', true, 'T: auditID=test-0, cluster=prod, level=RequestResponse, user.username=test-user'],
      ['r.defaults', 'default cluster is test', true, 'condition is false'],
      ['r.raises', 'raises', true, 'error: No such key: spec'],
    ])
  })

  it('runs events: sequences through the threshold', () => {
    const results = run(`rules:
  - id: r.burst
    title: T
    description: D
    severity: low
    output: o
    match: { verbs: [delete] }
    threshold: { count: 3, window: 5m, by: [user.username] }
    tests:
      - name: three deletes fire
        fires: true
        events: [{ verb: delete }, { verb: delete }, { verb: delete }]
      - name: two deletes do not
        fires: false
        events: [{ verb: delete }, { verb: delete }, { verb: get }]
      - name: the same event three times counts once
        fires: false
        events: [{ verb: delete, auditID: x }, { verb: delete, auditID: x }, { verb: delete, auditID: x }]
      - name: three users do not
        fires: false
        events: [{ verb: delete, user: { username: a } }, { verb: delete, user: { username: b } }, { verb: delete, user: { username: c } }]
`)
    expect(results.map((r) => [r.test, r.actual, r.passed, r.detail])).toEqual([
      ['three deletes fire', true, true, 'threshold reached: 3 in 5m'],
      ['two deletes do not', false, true, 'not selected by match'],
      ['the same event three times counts once', false, true, 'matched, below the threshold of 3'],
      ['three users do not', false, true, 'matched, below the threshold of 3'],
    ])
  })

  it('replays each example under every stage set and fails one whose verdict depends on the stages kept', () => {
    const results = run(`rules:
  - id: r.stage-bound
    title: T
    description: D
    severity: low
    output: o
    match: { resources: [pods/exec] }
    condition: '!has(event.responseObject)'
    tests:
      - { name: fires without a body, fires: true, event: { verb: create, objectRef: { resource: pods, subresource: exec } } }
      - { name: quiet with one, fires: false, event: { verb: create, objectRef: { resource: pods, subresource: exec }, responseObject: { kind: Status } } }
  - id: r.threshold-per-request
    title: T
    description: D
    severity: low
    output: o
    match: { verbs: [delete] }
    threshold: { count: 2, window: 5m, by: [user.username] }
    tests:
      - { name: two requests fire, fires: true, events: [{ verb: delete }, { verb: delete }] }
      - { name: one request with every stage does not, fires: false, events: [{ verb: delete, stage: ResponseStarted }] }
`)
    expect(results.map((r) => [r.test, r.passed, r.detail])).toEqual([
      ['fires without a body', true, 'T: condition held'],
      // Its ResponseStarted event carries no response body, so a policy that keeps that stage gets a finding.
      ['quiet with one', false, 'condition is false; but it fires when the policy keeps the stages [RequestReceived, ResponseStarted, ResponseComplete] and [ResponseStarted, ResponseComplete]'],
      ['two requests fire', true, 'threshold reached: 2 in 5m'],
      ['one request with every stage does not', true, 'matched, below the threshold of 2'],
    ])
  })

  it('applies per-example lists: a rule inert while its list is empty passes a firing example that sets it', () => {
    const text = `lists:
  - { name: allowed_users, items: [] }
rules:
  - id: r.allow-list
    title: Not an allowed user
    description: D
    severity: low
    output: o
    match: { users: { exclude: [$allowed_users] } }
    condition: size(lists.allowed_users) > 0
    tests:
      - { name: fires for others once the list is set, fires: true, lists: { allowed_users: [bob] }, event: { verb: get } }
      - { name: quiet for an allowed user, fires: false, lists: { allowed_users: [bob] }, event: { verb: get, user: { username: bob } } }
      - { name: quiet while the list is empty, fires: false, event: { verb: get } }
`
    const rs = compileRules([{ file: 'r.yaml', text }])
    expect(rs.rules[0]?.inert).toBe(true)
    expect(runRuleTests(rs).map((r) => [r.test, r.actual, r.passed, r.detail])).toEqual([
      ['fires for others once the list is set', true, true, 'Not an allowed user: condition held'],
      ['quiet for an allowed user', false, true, 'match: user "bob" excluded'],
      ['quiet while the list is empty', false, true, 'not selected by match'],
    ])
    expect(rs.rules[0]?.inert).toBe(true)
    expect(rs.lists['allowed_users']).toEqual([])
  })

  it('keeps config lists and replaces only the lists an example sets', () => {
    const text = `lists:
  - { name: a, items: [] }
  - { name: b, items: [] }
rules:
  - id: r.lists
    title: T
    description: D
    severity: low
    output: o
    condition: 'user.username in lists.a && verb in lists.b'
    tests:
      - { name: both lists, fires: true, lists: { a: [test-user] }, event: { verb: get } }
`
    const rs = compileRules([{ file: 'r.yaml', text }], { lists: [{ name: 'b', items: ['get'] }] })
    expect(runRuleTests(rs).map((r) => r.passed)).toEqual([true])
  })

  it('reports invalid example events as failures, with the problem', () => {
    const results = run(`rules:
  - id: r.bad
    title: T
    description: D
    severity: low
    output: o
    tests:
      - { name: bad verb, fires: true, event: { verb: 7 } }
      - { name: bad second event, fires: false, events: [{ verb: get }, { verb: get, stage: Later }] }
`)
    expect(results).toEqual([
      { rule_id: 'r.bad', test: 'bad verb', expected: true, actual: false, passed: false, detail: 'invalid test event: event 1: verb: Invalid input: expected string, received number' },
      {
        rule_id: 'r.bad',
        test: 'bad second event',
        expected: false,
        actual: false,
        passed: false,
        detail: 'invalid test event: event 2: stage: Invalid option: expected one of "RequestReceived"|"ResponseStarted"|"ResponseComplete"|"Panic"',
      },
    ])
  })

  it('runs only the rules the filter selects', () => {
    const text = `rules:
  - { id: r.one, title: T, description: D, severity: low, output: o, tests: [{ name: a, fires: true, event: { verb: get } }] }
  - { id: r.two, title: T, description: D, severity: low, output: o, tests: [{ name: b, fires: true, event: { verb: get } }] }
`
    expect(run(text, (id) => id === 'r.two').map((r) => [r.rule_id, r.passed])).toEqual([['r.two', true]])
  })
})

describe('completeTestEvent', () => {
  it('fills neutral defaults and keeps what the example sets', () => {
    expect(completeTestEvent({ verb: 'get', user: { username: 'x' } })).toEqual({
      event: {
        auditID: '00000000-0000-0000-0000-000000000000',
        stage: 'ResponseComplete',
        level: 'RequestResponse',
        requestURI: '/',
        verb: 'get',
        user: { username: 'x' },
        requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
        stageTimestamp: '2026-01-01T00:00:00.100000Z',
      },
    })
    expect(completeTestEvent({ verb: 'get' }).event?.user).toEqual({ username: 'test-user', groups: ['system:authenticated'] })
  })

  it('validates like ingest', () => {
    expect(completeTestEvent({})).toEqual({ error: 'verb: Invalid input: expected string, received undefined' })
    expect(completeTestEvent({ verb: 'get', requestReceivedTimestamp: '2026-02-30T00:00:00Z' })).toEqual({ error: 'requestReceivedTimestamp: must be a real date' })
  })
})
