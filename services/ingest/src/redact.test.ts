import { describe, expect, it } from 'vitest'
import { REDACTED_ANNOTATION, type AuditEvent } from '@vigil/core'
import { createRedactor, scrubText } from './redact.js'

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

function event(objectRef: AuditEvent['objectRef'], verb: string, body: { requestObject?: unknown; responseObject?: unknown; annotations?: Record<string, string> } = {}): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: 'a-1',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/ns/whatever',
    verb,
    user: { username: 'alice' },
    ...(objectRef === undefined ? {} : { objectRef }),
    requestReceivedTimestamp: '2026-10-01T10:00:00Z',
    stageTimestamp: '2026-10-01T10:00:01Z',
    ...body,
  }
}

const secretRef = { resource: 'secrets', namespace: 'ns', name: 'db', apiVersion: 'v1' }

function secret(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name, namespace: 'ns', labels: { app: 'db' }, annotations: { [LAST_APPLIED]: '{"data":{"password":"aHVudGVyMg=="}}', team: 'payments' } },
    type: 'Opaque',
    data: { password: 'aHVudGVyMg==' },
    ...extra,
  }
}

/** The secret, as it should look once redacted. */
function stripped(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'Secret', apiVersion: 'v1', metadata: { name, namespace: 'ns', labels: { app: 'db' }, annotations: { team: 'payments' } }, type: 'Opaque', ...extra }
}

const lastApplied = (at: string) => `${at}.metadata.annotations.${LAST_APPLIED}`

describe('redact: Secrets', () => {
  const redactor = createRedactor([])

  it('create: strips data, stringData and last-applied from both sides and records exactly what it removed', () => {
    const e = event(secretRef, 'create', {
      requestObject: secret('db', { stringData: { user: 'root' } }),
      responseObject: secret('db'),
      annotations: { 'authorization.k8s.io/decision': 'allow' },
    })
    const removed = redactor.redact(e)
    expect(removed).toEqual([
      'requestObject.data',
      'requestObject.stringData',
      lastApplied('requestObject'),
      'responseObject.data',
      lastApplied('responseObject'),
    ])
    expect(e.requestObject).toEqual(stripped('db'))
    expect(e.responseObject).toEqual(stripped('db'))
    expect(e.annotations).toEqual({ 'authorization.k8s.io/decision': 'allow', [REDACTED_ANNOTATION]: removed.join(',') })
  })

  it('get: strips the response', () => {
    const e = event(secretRef, 'get', { responseObject: secret('db') })
    expect(redactor.redact(e)).toEqual(['responseObject.data', lastApplied('responseObject')])
    expect(e.responseObject).toEqual(stripped('db'))
    expect(e.annotations).toEqual({ [REDACTED_ANNOTATION]: `responseObject.data,${lastApplied('responseObject')}` })
  })

  it('list: strips SecretList items, which carry no kind', () => {
    const item = (name: string) => {
      const s = secret(name)
      delete s['kind']
      delete s['apiVersion']
      return s
    }
    const e = event({ resource: 'secrets', namespace: 'ns' }, 'list', { responseObject: { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [item('a'), item('b')] } })
    expect(redactor.redact(e)).toEqual(['responseObject.items[0].data', lastApplied('responseObject.items[0]'), 'responseObject.items[1].data', lastApplied('responseObject.items[1]')])
    const items = (e.responseObject as { items: Record<string, unknown>[] }).items
    expect(items.map((i) => Object.keys(i))).toEqual([
      ['metadata', 'type'],
      ['metadata', 'type'],
    ])
  })

  it('update: strips request and response', () => {
    const e = event(secretRef, 'update', { requestObject: secret('db'), responseObject: secret('db') })
    expect(redactor.redact(e)).toEqual(['requestObject.data', lastApplied('requestObject'), 'responseObject.data', lastApplied('responseObject')])
  })

  it('patch with a JSON patch: drops every operation value and keeps op and path', () => {
    const e = event(secretRef, 'patch', {
      requestObject: [
        { op: 'replace', path: '/data/password', value: 'c2VjcmV0' },
        { op: 'remove', path: '/data/old' },
        { op: 'add', path: '/data', value: { a: 'Yg==' } },
        { op: 'test', path: '/metadata/name', value: 'db' },
      ],
      responseObject: secret('db'),
    })
    expect(redactor.redact(e)).toEqual(['requestObject[0].value', 'requestObject[2].value', 'requestObject[3].value', 'responseObject.data', lastApplied('responseObject')])
    expect(e.requestObject).toEqual([
      { op: 'replace', path: '/data/password' },
      { op: 'remove', path: '/data/old' },
      { op: 'add', path: '/data' },
      { op: 'test', path: '/metadata/name' },
    ])
  })

  it('patch with a merge patch: strips data and stringData, even when set to null', () => {
    const e = event(secretRef, 'patch', { requestObject: { metadata: { labels: { rotated: 'yes' } }, data: { password: 'bmV3' }, stringData: null } })
    expect(redactor.redact(e)).toEqual(['requestObject.data', 'requestObject.stringData'])
    expect(e.requestObject).toEqual({ metadata: { labels: { rotated: 'yes' } } })
  })

  it('strips Secrets nested in a Table (kubectl get) response', () => {
    const e = event({ resource: 'secrets', namespace: 'ns' }, 'list', {
      responseObject: {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        columnDefinitions: [{ name: 'Name', type: 'string' }],
        rows: [
          { cells: ['a', 'Opaque', 1, '5d'], object: { kind: 'PartialObjectMetadata', metadata: { name: 'a' } } },
          { cells: ['db', 'Opaque', 1, '5d'], object: secret('db') },
        ],
      },
    })
    expect(redactor.redact(e)).toEqual(['responseObject.rows[1].object.data', lastApplied('responseObject.rows[1].object')])
    const rows = (e.responseObject as { rows: { cells: unknown[]; object: unknown }[] }).rows
    expect(rows[0]).toEqual({ cells: ['a', 'Opaque', 1, '5d'], object: { kind: 'PartialObjectMetadata', metadata: { name: 'a' } } })
    expect(rows[1]?.object).toEqual(stripped('db'))
  })

  it('strips a Secret in a watch event', () => {
    const e = event({ resource: 'secrets', namespace: 'ns' }, 'watch', { responseObject: { type: 'MODIFIED', object: secret('db') } })
    expect(redactor.redact(e)).toEqual(['responseObject.object.data', lastApplied('responseObject.object')])
  })

  it('leaves a metadata-level Secret event alone: nothing removed, no annotation', () => {
    const e = event(secretRef, 'get')
    expect(redactor.redact(e)).toEqual([])
    expect(e).not.toHaveProperty('annotations')
  })

  it('keeps the annotations object untouched when nothing is removed', () => {
    const annotations = { 'authorization.k8s.io/decision': 'allow' }
    const e = event(secretRef, 'delete', { responseObject: { kind: 'Status', status: 'Success' }, annotations })
    expect(redactor.redact(e)).toEqual([])
    expect(e.annotations).toBe(annotations)
    expect(e.annotations).toEqual({ 'authorization.k8s.io/decision': 'allow' })
  })
})

describe('redact: other resources', () => {
  const redactor = createRedactor([])

  it('strips a Secret inside a List of mixed kinds, and nothing else', () => {
    const configMap = { kind: 'ConfigMap', metadata: { name: 'cfg', annotations: { [LAST_APPLIED]: '{}' } }, data: { level: 'debug' } }
    const e = event({ resource: 'configmaps', namespace: 'ns' }, 'create', {
      requestObject: { kind: 'List', apiVersion: 'v1', items: [configMap, secret('db')] },
    })
    expect(redactor.redact(e)).toEqual(['requestObject.items[1].data', lastApplied('requestObject.items[1]')])
    const items = (e.requestObject as { items: unknown[] }).items
    expect(items[0]).toEqual({ kind: 'ConfigMap', metadata: { name: 'cfg', annotations: { [LAST_APPLIED]: '{}' } }, data: { level: 'debug' } })
    expect(items[1]).toEqual(stripped('db'))
  })

  it('strips a Secret that arrives in a watch event of a non-secret resource', () => {
    const e = event(undefined, 'watch', { responseObject: { type: 'ADDED', object: secret('db') } })
    expect(redactor.redact(e)).toEqual(['responseObject.object.data', lastApplied('responseObject.object')])
  })

  it('does not touch data of other kinds', () => {
    const cm = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }
    const e = event({ resource: 'configmaps', namespace: 'ns', name: 'c' }, 'update', { requestObject: cm, responseObject: structuredClone(cm) })
    expect(redactor.redact(e)).toEqual([])
    expect(e.requestObject).toEqual(cm)
    expect(e.annotations).toBeUndefined()
  })

  it('serviceaccounts/token: strips the issued token only', () => {
    const e = event({ resource: 'serviceaccounts', subresource: 'token', namespace: 'ns', name: 'sa' }, 'create', {
      requestObject: { kind: 'TokenRequest', spec: { audiences: ['api'], expirationSeconds: 3600 } },
      responseObject: { kind: 'TokenRequest', spec: { audiences: ['api'] }, status: { token: 'eyJhbGciOi.secret', expirationTimestamp: '2026-10-01T11:00:00Z' } },
    })
    expect(redactor.redact(e)).toEqual(['responseObject.status.token'])
    expect(e.responseObject).toEqual({ kind: 'TokenRequest', spec: { audiences: ['api'] }, status: { expirationTimestamp: '2026-10-01T11:00:00Z' } })
    expect(e.annotations).toEqual({ [REDACTED_ANNOTATION]: 'responseObject.status.token' })
  })

  it('serviceaccounts without the token subresource keep status.token', () => {
    const e = event({ resource: 'serviceaccounts', namespace: 'ns', name: 'sa' }, 'get', { responseObject: { status: { token: 'not-a-token-request' } } })
    expect(redactor.redact(e)).toEqual([])
  })

  it('tokenreviews: strips spec.token on both sides and keeps the verdict', () => {
    const e = event({ resource: 'tokenreviews', apiGroup: 'authentication.k8s.io' }, 'create', {
      requestObject: { kind: 'TokenReview', spec: { token: 'tok-1', audiences: ['api'] } },
      responseObject: { kind: 'TokenReview', spec: { token: 'tok-1' }, status: { authenticated: true, user: { username: 'bob' } } },
    })
    expect(redactor.redact(e)).toEqual(['requestObject.spec.token', 'responseObject.spec.token'])
    expect(e.requestObject).toEqual({ kind: 'TokenReview', spec: { audiences: ['api'] } })
    expect(e.responseObject).toEqual({ kind: 'TokenReview', spec: {}, status: { authenticated: true, user: { username: 'bob' } } })
    expect(e.annotations?.[REDACTED_ANNOTATION]).toBe('requestObject.spec.token,responseObject.spec.token')
  })

  it('tokenreviews with only a response records only the response', () => {
    const e = event({ resource: 'tokenreviews' }, 'create', { responseObject: { spec: { token: 't' }, status: {} } })
    expect(redactor.redact(e)).toEqual(['responseObject.spec.token'])
  })
})

describe('redact: configured paths', () => {
  function pod(): AuditEvent {
    return event({ resource: 'pods', namespace: 'ns', name: 'p' }, 'create', {
      requestObject: {
        kind: 'Pod',
        spec: {
          password: 'p1',
          args: ['--token=abc', '--user=x'],
          containers: [
            { name: 'a', env: [{ name: 'K', value: 'v' }] },
            { name: 'b', env: [] },
            { name: 'c' },
          ],
          env: { A: '1', B: '2' },
          sidecars: { one: { password: 'x', keep: 1 }, two: { keep: 2 } },
        },
      },
    })
  }
  const spec = (e: AuditEvent) => (e.requestObject as { spec: Record<string, unknown> }).spec

  it('deletes a plain dotted path', () => {
    const e = pod()
    expect(createRedactor(['requestObject.spec.password']).redact(e)).toEqual(['requestObject.spec.password'])
    expect(spec(e)).not.toHaveProperty('password')
    expect(e.annotations).toEqual({ [REDACTED_ANNOTATION]: 'requestObject.spec.password' })
  })

  it('steps into every element of an array with *', () => {
    const e = pod()
    expect(createRedactor(['requestObject.spec.containers.*.env']).redact(e)).toEqual(['requestObject.spec.containers[0].env', 'requestObject.spec.containers[1].env'])
    expect(spec(e)['containers']).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
  })

  it('replaces array elements matched by a trailing * instead of shifting the array', () => {
    const e = pod()
    expect(createRedactor(['requestObject.spec.args.*']).redact(e)).toEqual(['requestObject.spec.args[0]', 'requestObject.spec.args[1]'])
    expect(spec(e)['args']).toEqual(['[redacted]', '[redacted]'])
  })

  it('deletes every value of an object with a trailing *', () => {
    const e = pod()
    expect(createRedactor(['requestObject.spec.env.*']).redact(e)).toEqual(['requestObject.spec.env.A', 'requestObject.spec.env.B'])
    expect(spec(e)['env']).toEqual({})
  })

  it('steps into every value of an object with a middle *', () => {
    const e = pod()
    expect(createRedactor(['requestObject.spec.sidecars.*.password']).redact(e)).toEqual(['requestObject.spec.sidecars.one.password'])
    expect(spec(e)['sidecars']).toEqual({ one: { keep: 1 }, two: { keep: 2 } })
  })

  it('deletes top-level event fields', () => {
    const e = pod()
    e.userAgent = 'kubectl/v1.31'
    expect(createRedactor(['userAgent']).redact(e)).toEqual(['userAgent'])
    expect(e).not.toHaveProperty('userAgent')
  })

  it('records nothing for paths that are absent or run through a scalar', () => {
    const e = pod()
    const before = structuredClone(e)
    expect(createRedactor(['requestObject.spec.missing', 'requestObject.spec.password.deeper', 'responseObject.*', 'requestObject.spec.args.0']).redact(e)).toEqual([])
    expect(e).toEqual(before)
    expect(e.annotations).toBeUndefined()
  })

  it('only follows own keys, never the prototype chain', () => {
    const e = pod()
    const removed = createRedactor(['requestObject.constructor', 'requestObject.spec.hasOwnProperty', 'requestObject.__proto__.toString']).redact(e)
    expect(removed).toEqual([])
    expect(e.annotations).toBeUndefined()
    expect(typeof Object.prototype.toString).toBe('function')
    expect(typeof Object.prototype.hasOwnProperty).toBe('function')
  })

  it('combines built-in and configured removals in one annotation, appended to existing annotations', () => {
    const e = event(secretRef, 'get', { responseObject: secret('db'), annotations: { a: 'b' } })
    e.userAgent = 'x'
    const removed = createRedactor(['userAgent']).redact(e)
    expect(removed).toEqual(['responseObject.data', lastApplied('responseObject'), 'userAgent'])
    expect(e.annotations).toEqual({ a: 'b', [REDACTED_ANNOTATION]: `responseObject.data,${lastApplied('responseObject')},userAgent` })
  })
})

describe('redactLoose', () => {
  it('strips secret values under request and response whatever the resource, including tokens', () => {
    const value = {
      auditID: 5,
      requestObject: [{ op: 'add', path: '/x', value: 'v' }],
      responseObject: { kind: 'Whatever', spec: { token: 't', keep: 1 }, status: { token: 's', phase: 'ok' }, nested: { data: { a: 'b' } } },
    }
    createRedactor([]).redactLoose(value)
    expect(value).toEqual({
      auditID: 5,
      requestObject: [{ op: 'add', path: '/x' }],
      responseObject: { kind: 'Whatever', spec: { keep: 1 }, status: { phase: 'ok' }, nested: {} },
    })
  })

  it('strips requestObject.spec.token too', () => {
    const value = { requestObject: { spec: { token: 't' } } }
    createRedactor([]).redactLoose(value)
    expect(value).toEqual({ requestObject: { spec: {} } })
  })

  it('strips a Secret posted on its own, inside a List, or as a SecretList without kinds', () => {
    const s = secret('db')
    createRedactor([]).redactLoose(s)
    expect(s).toEqual(stripped('db'))
    // A payload that could not be read keeps no data at all, whatever its kind.
    const list = { kind: 'List', items: [secret('a'), { kind: 'ConfigMap', data: { x: 'y' } }] }
    createRedactor([]).redactLoose(list)
    expect(list).toEqual({ kind: 'List', items: [stripped('a'), { kind: 'ConfigMap' }] })
    const bare = { kind: 'SecretList', items: [{ metadata: { name: 'b' }, data: { k: 'djE=' }, stringData: { t: 'v' } }] }
    createRedactor([]).redactLoose(bare)
    expect(bare).toEqual({ kind: 'SecretList', items: [{ metadata: { name: 'b' } }] })
  })

  it('applies the configured paths', () => {
    const value = { requestObject: { spec: { password: 'p', other: 1 } }, userAgent: 'x' }
    createRedactor(['requestObject.spec.password', 'userAgent']).redactLoose(value)
    expect(value).toEqual({ requestObject: { spec: { other: 1 } } })
  })

  it('adds no annotation', () => {
    const value: Record<string, unknown> = { requestObject: { data: 'x' } }
    createRedactor([]).redactLoose(value)
    expect(value).toEqual({ requestObject: {} })
  })

  it.each([null, 42, 'text', [{ requestObject: { data: 'x' } }]])('leaves %j alone', (value) => {
    const before = structuredClone(value)
    createRedactor(['*']).redactLoose(value)
    expect(value).toEqual(before)
  })
})

describe('scrubText', () => {
  it('returns text without secret keys unchanged', () => {
    expect(scrubText('{"username":"bob","metadata":{"name":"x"}}', 100)).toBe('{"username":"bob","metadata":{"name":"x"}}')
  })

  it.each([
    ['{"data":{"a":"Yg==","b":"Yw=="},"x":1}', '{"data":"[redacted]","x":1}'],
    ['{"stringData" : { "a": "b" },"x":1}', '{"stringData":"[redacted]","x":1}'],
    ['{"token": "abc.def", "x":1}', '{"token":"[redacted]", "x":1}'],
    ['{"password":"p\\"q}","x":1}', '{"password":"[redacted]","x":1}'],
    ['[{"data":"one"},{"token":"two"}]', '[{"data":"[redacted]"},{"token":"[redacted]"}]'],
  ])('scrubs %s', (text, expected) => {
    expect(scrubText(text, 4096)).toBe(expected)
  })

  it('scrubs an object whose string values hold braces', () => {
    expect(scrubText('{"stringData":{"a.json":"{}","db.conf":"topsecret"},"x":1', 4096)).toBe('{"stringData":"[redacted]","x":1')
  })

  it('scrubs a value left unterminated by a truncated line', () => {
    expect(scrubText('{"kind":"Event","requestObject":{"password":"hunter2', 4096)).toBe('{"kind":"Event","requestObject":{"password":"[redacted]"')
    expect(scrubText('{"requestObject":{"data":{"k":"c2Vj', 4096)).toBe('{"requestObject":{"data":"[redacted]"')
  })

  it('does not mistake a key ending in data for data', () => {
    expect(scrubText('{"metadata":{"name":"x"}}', 100)).toBe('{"metadata":{"name":"x"}}')
  })

  it('keeps a text of exactly maxChars whole', () => {
    expect(scrubText('abcdef', 6)).toBe('abcdef')
  })

  it('keeps a prefix and says how long the text was', () => {
    expect(scrubText('abcdefghij', 4)).toBe('abcd… [10 chars]')
  })

  it('scrubs a secret string cut by the prefix, keeping the length note', () => {
    const text = `{"token":"${'S'.repeat(50)}"}`
    expect(scrubText(text, 30)).toBe('{"token":"[redacted]"… [62 chars]')
  })

  it('scrubs a secret object cut by the prefix', () => {
    const text = `{"x":1,"data":{"a":"${'S'.repeat(50)}"}}`
    expect(scrubText(text, 25)).toBe('{"x":1,"data":"[redacted]"… [73 chars]')
  })

  it('stays fast on a long pathological value', () => {
    const text = `{"data":{${'"a\\'.repeat(20_000)}`
    const t0 = performance.now()
    expect(scrubText(text, 100_000)).toBe('{"data":"[redacted]"')
    expect(performance.now() - t0).toBeLessThan(500)
  })
})
