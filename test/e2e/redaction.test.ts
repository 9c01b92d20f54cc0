import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvent, eventList, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline

beforeAll(async () => {
  p = await startTestPipeline({ ingest: { redact_paths: ['requestObject.spec.containers.*.env'] } })
})
afterAll(async () => {
  await p.close()
})

// Every secret value below contains this marker, in plain text and base64.
const MARK = 'TOPSECRET'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const plain = (n: number) => `${MARK}-value-${n}`
const secretObject = (n: number, withKind = true) => ({
  ...(withKind ? { kind: 'Secret', apiVersion: 'v1' } : {}),
  metadata: {
    name: `db-${n}`,
    namespace: 'payments',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'Secret', data: { password: b64(plain(n)) } }) },
  },
  type: 'Opaque',
  data: { password: b64(plain(n)) },
  stringData: { token: plain(n + 100) },
})
const secretRef = (name?: string) => ({ resource: 'secrets', namespace: 'payments', apiVersion: 'v1', ...(name === undefined ? {} : { name }) })

const events = [
  auditEvent({ level: 'RequestResponse', verb: 'create', user: { username: 'alice@example.com' }, objectRef: secretRef('db-1'), requestObject: secretObject(1), responseObject: secretObject(1), responseStatus: { code: 201 } }),
  auditEvent({ level: 'RequestResponse', verb: 'get', user: { username: 'alice@example.com' }, objectRef: secretRef('db-2'), responseObject: secretObject(2, false) }),
  auditEvent({ level: 'RequestResponse', verb: 'list', user: { username: 'bob@example.com' }, objectRef: secretRef(), responseObject: { kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [secretObject(3, false), secretObject(4, false)] } }),
  auditEvent({ level: 'RequestResponse', verb: 'patch', objectRef: secretRef('db-5'), requestObject: [{ op: 'replace', path: '/data/password', value: b64(plain(5)) }], responseObject: secretObject(5) }),
  auditEvent({ level: 'RequestResponse', verb: 'patch', objectRef: secretRef('db-6'), requestObject: { data: { password: b64(plain(6)) } }, responseObject: secretObject(6) }),
  auditEvent({ level: 'RequestResponse', verb: 'update', objectRef: secretRef('db-7'), requestObject: secretObject(7), responseObject: secretObject(7) }),
  auditEvent({ level: 'RequestResponse', verb: 'create', objectRef: { resource: 'serviceaccounts', subresource: 'token', namespace: 'payments', name: 'api' }, responseObject: { kind: 'TokenRequest', status: { token: `${MARK}-jwt`, expirationTimestamp: '2026-11-01T11:00:00Z' } } }),
  auditEvent({ level: 'RequestResponse', verb: 'create', objectRef: { resource: 'tokenreviews', apiGroup: 'authentication.k8s.io' }, requestObject: { kind: 'TokenReview', spec: { token: `${MARK}-review` } }, responseObject: { kind: 'TokenReview', spec: { token: `${MARK}-review` }, status: { authenticated: true } } }),
  auditEvent({ level: 'RequestResponse', verb: 'create', objectRef: { resource: 'pods', namespace: 'payments' }, requestObject: { kind: 'Pod', spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'PW', value: `${MARK}-env` }] }] } } }),
]
const invalid = { ...events[0], auditID: undefined, requestObject: secretObject(8) }

describe('redaction before publishing', () => {
  it('leaves no secret value in any column of any table', async () => {
    const res = await p.ingest.app.inject({
      method: 'POST',
      url: '/v1/audit',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
      payload: eventList([...events, invalid]),
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ accepted: events.length, dead_lettered: 1 })
    const tables = (await (await p.sql.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'", format: 'JSONEachRow' })).json<{ name: string }>()).map((t) => t.name)
    expect(tables).toEqual(expect.arrayContaining(['audit_events_v1', 'findings_v1', 'dead_letters_v1']))
    let rows = 0
    for (const table of tables) {
      const text = await (await p.sql.query({ query: `SELECT * FROM ${table}`, format: 'JSONEachRow' })).text()
      rows += text.split('\n').filter(Boolean).length
      expect(text, table).not.toContain(MARK)
      for (let n = 1; n <= 8; n++) expect(text, `${table} holds secret ${n} in base64`).not.toContain(b64(plain(n)))
    }
    expect(rows).toBeGreaterThanOrEqual(events.length + 1)
  })

  it('records what it removed in an annotation', async () => {
    const raw = (await p.store.events.getRaw({ cluster: 'c1', audit_id: events[2]!['auditID'] as string, stage: 'ResponseComplete' })) as { annotations: Record<string, string>; responseObject: { items: Record<string, unknown>[] } }
    expect(raw.annotations['vigil.dev/redacted']).toContain('responseObject.items[0].data')
    expect(raw.annotations['vigil.dev/redacted']).toContain('responseObject.items[1].stringData')
    expect(raw.responseObject.items[0]).toMatchObject({ metadata: { name: 'db-3' }, type: 'Opaque' })
    const token = (await p.store.events.getRaw({ cluster: 'c1', audit_id: events[6]!['auditID'] as string, stage: 'ResponseComplete' })) as { annotations: Record<string, string> }
    expect(token.annotations['vigil.dev/redacted']).toBe('responseObject.status.token')
  })

  it('still lets rules see who read which secret', async () => {
    const page = await p.store.findings.list({ limit: 100, rule_id: ['secrets.read-by-human'] })
    expect(page.items.map((f) => f.name)).toContain('db-2')
  })
})
