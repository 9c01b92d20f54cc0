import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, AUDITOR_TOKEN, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline

beforeAll(async () => {
  p = await startTestPipeline({ api: { port: 0, metrics_auth: 'token', tokens: [{ name: 'prometheus', role: 'auditor', token: AUDITOR_TOKEN }, { name: 'admin', role: 'admin', token: ADMIN_TOKEN }] } })
})
afterAll(async () => {
  await p.close()
})

describe('/metrics with api.metrics_auth: token', () => {
  it('refuses a scrape without a token, in the error shape, and serves one with any API token', async () => {
    const open = await p.api.app.inject({ method: 'GET', url: '/metrics' })
    expect(open.statusCode).toBe(401)
    expect(open.json()).toMatchObject({ error: { code: 'unauthorized' } })
    expect((await p.api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${INGEST_TOKEN}` } })).statusCode).toBe(403)
    const scraped = await p.api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${AUDITOR_TOKEN}` } })
    expect(scraped.statusCode).toBe(200)
    expect(scraped.body).toContain('vigil_auth_refusals_total{service="api",reason="missing"} 1')
  })
})
