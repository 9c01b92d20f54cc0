import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pubsubPushBody, startOidcIssuer, type OidcIssuer } from '../support/cloud-clients.js'
import { MANAGED_DIR } from '../support/fixtures.js'
import { ADMIN_TOKEN, counter, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

const AUDIENCE = 'https://vigil.example/v1/sources/pubsub/gke-prod'
const EMAIL = 'vigil-push@sample-project.iam.gserviceaccount.com'
let p: TestPipeline
let issuer: OidcIssuer
let url: string

beforeAll(async () => {
  issuer = await startOidcIssuer({ audience: AUDIENCE, email: EMAIL })
  p = await startTestPipeline({
    ingest: { host: '127.0.0.1', sources: [{ type: 'gke_pubsub_push', name: 'gke-prod', cluster: 'gke-prod', auth: { type: 'oidc', audience: AUDIENCE, service_account_email: EMAIL, jwks_url: issuer.jwksUrl } }] },
  })
  url = `${await p.ingest.listen()}/v1/sources/pubsub/gke-prod`
})
afterAll(async () => {
  await p.close()
  await issuer.close()
})

const entry = (name: string) => JSON.parse(readFileSync(`${MANAGED_DIR}/gke/${name}`, 'utf8')) as Record<string, unknown>
const send = (body: string, token = issuer.token()) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body })
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

describe('GKE contract: a Pub/Sub pusher with signed OIDC tokens over real HTTP into the embedded pipeline', () => {
  it('stores the fixture LogEntries as events, and a redelivered message once', async () => {
    const envelope = readFileSync(`${MANAGED_DIR}/gke/pubsub-push-envelope.constructed.json`, 'utf8')
    expect((await send(envelope)).status).toBe(200)
    expect((await send(envelope)).status).toBe(200)
    expect((await send(pubsubPushBody(entry('khi-pods-create.logentry.json'), '2070443601311541'))).status).toBe(200)
    const events = await p.api.app.inject({ method: 'GET', url: '/v1/events?cluster=gke-prod&limit=100', headers: admin })
    expect((events.json().items as { audit_id: string }[]).map((e) => e.audit_id).sort()).toEqual(['85371f7c-2383-4041-96e8-dad63d2d1990', 'c7842d26-11fe-446a-b985-b2b67ddbab09'])
    expect(await counter(p.metrics, 'vigil_source_events_total', { source: 'gke-prod', outcome: 'redelivered' })).toBe(1)
  })

  it('runs the rules unchanged on a converted entry: an exec LogEntry (the fixture with exec method and resource) becomes a finding', async () => {
    const base = entry('khi-pods-status-patch.logentry.json')
    const exec = {
      ...base,
      insertId: '5f0c4a57-9a3e-4f55-8d0e-3f7f3b2a9e10',
      protoPayload: {
        ...(base['protoPayload'] as object),
        methodName: 'io.k8s.core.v1.pods.exec.create',
        resourceName: 'core/v1/namespaces/default/pods/nginx-pod/exec',
        authenticationInfo: { principalEmail: 'alice@example.com' },
        request: undefined,
      },
    }
    expect((await send(pubsubPushBody(exec, '2070443601311542'))).status).toBe(200)
    const findings = await p.api.app.inject({ method: 'GET', url: '/v1/findings?cluster=gke-prod&limit=100', headers: admin })
    const items = findings.json().items as { rule_id: string; audit_id: string }[]
    expect(items.filter((f) => f.audit_id === exec.insertId).map((f) => f.rule_id)).toContain('workload.exec-attach')
  })

  it('refuses a token for another audience with 401 and stores nothing', async () => {
    const res = await send(pubsubPushBody({ ...entry('khi-pods-create.logentry.json'), insertId: 'never-stored' }, '9'), issuer.token({ aud: 'https://other' }))
    expect(res.status).toBe(401)
    const events = await p.api.app.inject({ method: 'GET', url: '/v1/events?cluster=gke-prod&limit=100', headers: admin })
    expect((events.json().items as { audit_id: string }[]).map((e) => e.audit_id)).not.toContain('never-stored')
  })
})
