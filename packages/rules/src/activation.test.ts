import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { createActivationFactory, parsePath, readPath, type MacroProgram } from './activation.js'
import { compileRules } from './compile.js'
import { evaluateEvent } from './evaluate.js'

/** The fewest fields an audit event can have. */
function minimal(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    auditID: 'min-1',
    stage: 'ResponseComplete',
    requestURI: '/version',
    verb: 'get',
    user: {},
    requestReceivedTimestamp: '2026-03-01T10:00:00Z',
    stageTimestamp: '2026-03-01T10:00:01Z',
    ...over,
  }
}

function rule(id: string, condition: string): string {
  return `  - id: ${id}\n    title: T\n    description: D\n    severity: low\n    output: o\n    condition: '${condition.replace(/'/g, "''")}'\n`
}

describe('createActivationFactory', () => {
  const make = createActivationFactory(new Map(), { l: ['a'] })

  it('gives absent fields neutral values', () => {
    const a = make(minimal(), 'c1')
    expect(a.cluster).toBe('c1')
    expect([a.auditID, a.stage, a.verb, a.requestURI, a.level, a.userAgent]).toEqual(['min-1', 'ResponseComplete', 'get', '/version', '', ''])
    expect(a.user).toEqual({ username: '', uid: '', groups: [], extra: {} })
    expect(a.impersonatedUser).toEqual({})
    expect(a.objectRef).toEqual({ resource: '', namespace: '', name: '', apiGroup: '', apiVersion: '', subresource: '', uid: '' })
    expect(a.responseStatus).toEqual({ code: 0, status: '', reason: '', message: '' })
    expect(a.requestObject).toEqual({})
    expect(a.responseObject).toEqual({})
    expect(a.annotations).toEqual({})
    expect(a.sourceIPs).toEqual([])
    expect(a.lists).toEqual({ l: ['a'] })
    expect(a.event.auditID).toBe('min-1')
  })

  it('passes present fields through', () => {
    const e = minimal({
      level: 'Request',
      userAgent: 'kubectl/1.31',
      user: { username: 'alice', uid: 'u1', groups: ['dev'], extra: { scopes: ['x'] } },
      impersonatedUser: { username: 'bob' },
      objectRef: { resource: 'pods', namespace: 'ns', name: 'p', apiGroup: '', apiVersion: 'v1', subresource: 'exec', uid: 'o1' },
      responseStatus: { code: 403, status: 'Failure', reason: 'Forbidden', message: 'no' },
      requestObject: { kind: 'Pod' },
      responseObject: { kind: 'Status' },
      annotations: { 'a/b': 'c' },
      sourceIPs: ['10.0.0.1'],
    })
    const a = make(e, 'c2')
    expect(a.user).toEqual({ username: 'alice', uid: 'u1', groups: ['dev'], extra: { scopes: ['x'] } })
    expect(a.impersonatedUser).toEqual({ username: 'bob' })
    expect(a.objectRef).toEqual({ resource: 'pods', namespace: 'ns', name: 'p', apiGroup: '', apiVersion: 'v1', subresource: 'exec', uid: 'o1' })
    expect(a.responseStatus).toEqual({ code: 403, status: 'Failure', reason: 'Forbidden', message: 'no' })
    expect(a.requestObject).toEqual({ kind: 'Pod' })
    expect(a.responseObject).toEqual({ kind: 'Status' })
    expect(a.annotations).toEqual({ 'a/b': 'c' })
    expect(a.sourceIPs).toEqual(['10.0.0.1'])
    expect([a.level, a.userAgent]).toEqual(['Request', 'kubectl/1.31'])
    expect(a.user).toBe(a.user)
  })

  it('computes each macro at most once per event, errors included', () => {
    const calls: string[] = []
    const macros = new Map<string, MacroProgram>([
      [
        'ok',
        (act) => {
          calls.push(`ok:${(act as { auditID: string }).auditID}`)
          return true
        },
      ],
      [
        'boom',
        () => {
          calls.push('boom')
          throw new Error('no such key: spec')
        },
      ],
    ])
    const factory = createActivationFactory(macros, {})
    const a = factory(minimal(), 'c1') as unknown as Record<string, unknown>
    expect([a['ok'], a['ok'], a['ok']]).toEqual([true, true, true])
    expect(() => a['boom']).toThrow('no such key: spec')
    expect(() => a['boom']).toThrow('no such key: spec')
    expect(calls).toEqual(['ok:min-1', 'boom'])
    const b = factory(minimal({ auditID: 'min-2' }), 'c1') as unknown as Record<string, unknown>
    expect(b['ok']).toBe(true)
    expect(calls).toEqual(['ok:min-1', 'boom', 'ok:min-2'])
  })
})

describe('the activation through CEL', () => {
  it('conditions can rely on the neutral values without has()', () => {
    const condition = [
      'verb == "get"',
      'level == "" && userAgent == ""',
      'objectRef.namespace == "" && objectRef.name == "" && objectRef.resource == "" && objectRef.subresource == "" && objectRef.apiGroup == ""',
      'responseStatus.code == 0 && responseStatus.reason == ""',
      'requestObject == {} && responseObject == {}',
      'user.username == "" && size(user.groups) == 0 && user.extra == {}',
      '!has(impersonatedUser.username)',
      'annotations == {} && size(sourceIPs) == 0',
      'cluster == "c1" && event.requestURI == "/version"',
    ].join(' && ')
    const rs = compileRules([{ file: 'a.yaml', text: `rules:\n${rule('a.neutral', condition)}` }])
    expect(evaluateEvent(rs, minimal(), 'c1')).toMatchObject({ hits: [{ rule: { id: 'a.neutral' } }], errors: [] })
    expect(evaluateEvent(rs, minimal(), 'c2').hits).toEqual([])
  })

  it('lists are visible as lists.name', () => {
    const text = `lists:\n  - { name: admins, items: [root, alice] }\nrules:\n${rule('a.lists', 'user.username in lists.admins && size(lists.admins) == 2')}`
    const rs = compileRules([{ file: 'a.yaml', text }])
    expect(evaluateEvent(rs, minimal({ user: { username: 'alice' } }), 'c1').hits).toHaveLength(1)
    expect(evaluateEvent(rs, minimal({ user: { username: 'bob' } }), 'c1').hits).toHaveLength(0)
  })

  it('a macro used by several rules is computed once and its value shared', () => {
    const text = `macros:\n  - { name: is_pod, condition: 'objectRef.resource == "pods"' }\nrules:\n${rule('a.one', 'is_pod')}${rule('a.two', 'is_pod && verb == "get"')}${rule('a.three', '!is_pod')}`
    const rs = compileRules([{ file: 'a.yaml', text }])
    const result = evaluateEvent(rs, minimal({ objectRef: { resource: 'pods' } }), 'c1')
    expect(result.hits.map((h) => h.rule.id)).toEqual(['a.one', 'a.two'])
    const memo = (result.activation as unknown as { memo: Map<string, { value?: unknown; error?: unknown }> }).memo
    expect([...memo]).toEqual([['is_pod', { value: true }]])
  })

  it('a raising condition or macro counts as no match and is reported in errors, never thrown', () => {
    const text = `macros:\n  - { name: host_pid, condition: 'requestObject.spec.hostPID == true' }\nrules:\n${rule('a.macro1', 'host_pid')}${rule('a.macro2', 'verb == "get" && host_pid')}${rule('a.direct', 'requestObject.metadata.name == "x"')}${rule('a.fine', 'true')}`
    const rs = compileRules([{ file: 'a.yaml', text }])
    const result = evaluateEvent(rs, minimal(), 'c1')
    expect(result.hits.map((h) => h.rule.id)).toEqual(['a.fine'])
    expect(result.errors).toEqual([
      { rule_id: 'a.macro1', message: 'No such key: spec' },
      { rule_id: 'a.macro2', message: 'No such key: spec' },
      { rule_id: 'a.direct', message: 'No such key: metadata' },
    ])
    expect(evaluateEvent(rs, minimal({ requestObject: { spec: { hostPID: true }, metadata: { name: 'x' } } }), 'c1').hits.map((h) => h.rule.id)).toEqual([
      'a.macro1',
      'a.macro2',
      'a.direct',
      'a.fine',
    ])
  })
})

describe('parsePath and readPath', () => {
  it('parses dotted paths, quoted keys and a trailing [keys]', () => {
    expect(parsePath('user.username')).toEqual({ segments: ['user', 'username'], keys: false })
    expect(parsePath('annotations["authorization.k8s.io/decision"]')).toEqual({ segments: ['annotations', 'authorization.k8s.io/decision'], keys: false })
    expect(parsePath('requestObject.data[keys]')).toEqual({ segments: ['requestObject', 'data'], keys: true })
    expect(parsePath('requestObject.metadata.labels["app.kubernetes.io/name"].x')).toEqual({
      segments: ['requestObject', 'metadata', 'labels', 'app.kubernetes.io/name', 'x'],
      keys: false,
    })
  })

  it('reads paths from an activation, through arrays, and undefined for what is not there', () => {
    const a = createActivationFactory(new Map(), {})(
      minimal({
        user: { username: 'alice', groups: ['a', 'b'] },
        annotations: { 'a/b': 'c' },
        requestObject: { data: { password: 's3cret', user: 'x' }, spec: { containers: [{ image: 'nginx' }] } },
      }),
      'c1',
    )
    expect(readPath(a, 'user.username')).toBe('alice')
    expect(readPath(a, 'user.groups.1')).toBe('b')
    expect(readPath(a, 'annotations["a/b"]')).toBe('c')
    expect(readPath(a, 'requestObject.data[keys]')).toEqual(['password', 'user'])
    expect(readPath(a, 'requestObject.spec.containers.0.image')).toBe('nginx')
    expect(readPath(a, 'requestObject.spec.containers.first')).toBeUndefined()
    expect(readPath(a, 'requestObject.missing.deeper')).toBeUndefined()
    expect(readPath(a, 'user.username[keys]')).toBeUndefined()
    expect(readPath(a, 'objectRef.namespace')).toBe('')
  })
})
