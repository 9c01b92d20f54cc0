import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@vigil/core'
import { pubsubPushBody, startOidcIssuer, type OidcIssuer } from '../../../test/support/cloud-clients.js'
import { MANAGED_DIR } from '../../../test/support/fixtures.js'
import { SharedSecrets } from '../src/sources/access-keys.js'
import { OidcVerifier } from '../src/sources/oidc.js'
import type { PubSubSourceRoute } from '../src/sources/pubsub-route.js'
import { counter, published, sourceApp } from './source-app.js'

const AUDIENCE = 'https://vigil.example/v1/sources/pubsub/gke-prod'
const EMAIL = 'vigil-push@sample-project.iam.gserviceaccount.com'
const SHARED = 'pubsub-shared-token-0123456789'
const envelope = readFileSync(`${MANAGED_DIR}/gke/pubsub-push-envelope.constructed.json`, 'utf8')
const create = JSON.parse(readFileSync(`${MANAGED_DIR}/gke/khi-pods-create.logentry.json`, 'utf8')) as Record<string, unknown>

let issuer: OidcIssuer
beforeAll(async () => {
  issuer = await startOidcIssuer({ audience: AUDIENCE, email: EMAIL })
})
afterAll(() => issuer.close())

function setup(now: () => Date = () => new Date()) {
  const verifier = new OidcVerifier({ audience: AUDIENCE, serviceAccountEmail: EMAIL, issuers: ['https://accounts.google.com', 'accounts.google.com'], jwksUrl: issuer.jwksUrl, cacheSeconds: 3600, clockSkewSeconds: 60, now })
  const sources = new Map<string, PubSubSourceRoute>([
    ['gke-prod', { name: 'gke-prod', cluster: 'gke-prod', auth: { type: 'oidc', verifier }, maxMessageBytes: 1024 * 1024 }],
    ['gke-dev', { name: 'gke-dev', cluster: 'gke-dev', auth: { type: 'token', token: new SharedSecrets([{ secret: SHARED, value: true as const }]) }, maxMessageBytes: 1024 * 1024 }],
  ])
  return sourceApp({ firehose: undefined, pubsub: sources })
}

const push = (app: ReturnType<typeof setup>['app'], body: string, headers: Record<string, string> = { authorization: `Bearer ${issuer.token()}` }, url = '/v1/sources/pubsub/gke-prod') =>
  app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: body })

describe('POST /v1/sources/pubsub/:source', () => {
  it('verifies the OIDC token, maps the fixture envelope and acknowledges with 200 after the publish', async () => {
    const { app, producer, metrics } = setup()
    const res = await push(app, envelope)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, dead_lettered: 0 })
    const out = published(producer)
    expect(out.clusters).toEqual(['gke-prod'])
    expect(out.audit[0]).toMatchObject({ auditID: 'c7842d26-11fe-446a-b985-b2b67ddbab09', verb: 'patch', objectRef: { subresource: 'status' } })
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'gke-prod', outcome: 'accepted' })).toBe(1)
  })

  it('keeps the signing keys cached across requests', async () => {
    const { app } = setup()
    const before = issuer.fetches
    for (let i = 0; i < 3; i++) expect((await push(app, pubsubPushBody({ ...create, insertId: `k-${i}` }, `m-${i}`))).statusCode).toBe(200)
    expect(issuer.fetches - before).toBe(1)
  })

  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  it.each([
    ['no Authorization header', () => ({})],
    ['a token for another audience', () => ({ authorization: `Bearer ${issuer.token({ aud: 'https://elsewhere.example/' })}` })],
    ['a token from another issuer', () => ({ authorization: `Bearer ${issuer.token({ iss: 'https://evil.example' })}` })],
    ['a token for another service account', () => ({ authorization: `Bearer ${issuer.token({ email: 'someone@else.iam.gserviceaccount.com' })}` })],
    ['an unverified email', () => ({ authorization: `Bearer ${issuer.token({ email_verified: false })}` })],
    ['an expired token', () => ({ authorization: `Bearer ${issuer.token({ exp: Math.floor(Date.now() / 1000) - 3600 })}` })],
    ['a token issued in the future', () => ({ authorization: `Bearer ${issuer.token({ iat: Math.floor(Date.now() / 1000) + 3600 })}` })],
    ['a token signed by another key', () => ({ authorization: `Bearer ${issuer.token({}, { key: otherKey })}` })],
    ['an unknown key id', () => ({ authorization: `Bearer ${issuer.token({}, { kid: 'nope' })}` })],
    ['a tampered payload', () => ({ authorization: `Bearer ${issuer.token().replace(/\.([^.]+)\./, (_m, p: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), email: 'x@y' })).toString('base64url')}.`)}` })],
    ['not a JWT', () => ({ authorization: 'Bearer abc' })],
  ])('answers 401 to %s, so Pub/Sub redelivers, and counts and logs it', async (_name, headers) => {
    const { app, producer, metrics, logs } = setup()
    const res = await push(app, envelope, headers())
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } })
    expect(producer.calls).toEqual([])
    expect(await counter(metrics, 'vigil_requests_rejected_total', { code: 'unauthorized' })).toBe(1)
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'pubsub push refused', code: 'unauthorized', source: 'gke-prod' }))
  })

  it('takes a shared token in the endpoint URL instead of OIDC', async () => {
    const { app, producer } = setup()
    expect((await push(app, envelope, {}, `/v1/sources/pubsub/gke-dev?token=${SHARED}`)).statusCode).toBe(200)
    expect((await push(app, envelope, {}, '/v1/sources/pubsub/gke-dev?token=wrong-token-000000000')).statusCode).toBe(401)
    expect((await push(app, envelope, {}, '/v1/sources/pubsub/gke-dev')).statusCode).toBe(401)
    expect(published(producer).clusters).toEqual(['gke-dev'])
  })

  it('answers 404 for a source that is not configured', async () => {
    const { app } = setup()
    expect((await push(app, envelope, {}, '/v1/sources/pubsub/nope')).statusCode).toBe(404)
  })

  it('answers 503 when the log cannot take the event, so Pub/Sub redelivers; the redelivery is deduplicated once taken', async () => {
    const { app, producer, metrics } = setup()
    producer.behave = async () => {
      throw new AppError('unavailable', 'kafka is down')
    }
    expect((await push(app, envelope)).statusCode).toBe(503)
    producer.behave = async () => {}
    expect((await push(app, envelope)).statusCode).toBe(200)
    const again = await push(app, envelope)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ accepted: 0, duplicates: 1, dead_lettered: 0 })
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'gke-prod', outcome: 'redelivered' })).toBe(1)
  })

  it.each([
    ['data that is not base64', JSON.stringify({ message: { data: '!!notbase64', messageId: '1' } }), 'invalid_record'],
    ['data that is not JSON', JSON.stringify({ message: { data: Buffer.from('nope').toString('base64'), messageId: '2' } }), 'invalid_json'],
    ['a LogEntry that is not a k8s audit entry', pubsubPushBody({ ...create, protoPayload: { ...(create['protoPayload'] as object), serviceName: 'container.googleapis.com' } }, '3'), 'unmappable_entry'],
    ['the Panther partial record', pubsubPushBody(JSON.parse(readFileSync(`${MANAGED_DIR}/gke/panther-k8s_exec_into_pod-gke-test.json`, 'utf8')), '4'), 'unmappable_entry'],
  ])('acknowledges a poison message (%s) with 200 and dead-letters it', async (_name, body, reason) => {
    const { app, producer, metrics, logs } = setup()
    const res = await push(app, body)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ accepted: 0, dead_lettered: 1 })
    expect(published(producer).deadletters.map((d) => d['reason'])).toEqual([reason])
    expect(await counter(metrics, 'vigil_source_events_total', { source: 'gke-prod', outcome: 'rejected' })).toBe(1)
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'pubsub message dead-lettered', reason }))
  })

  it.each([
    ['an unwrapped delivery (the LogEntry itself)', JSON.stringify(create), 'invalid_envelope'],
    ['a message without messageId', JSON.stringify({ message: { data: '' } }), 'invalid_envelope'],
    ['a body that is not JSON', '{', 'invalid_json'],
  ])('answers 400 to %s: nothing is acknowledged', async (_name, body, code) => {
    const { app, producer, logs } = setup()
    const res = await push(app, body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: { code } })
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'pubsub push refused', code }))
    expect(producer.calls).toEqual([])
  })
})
