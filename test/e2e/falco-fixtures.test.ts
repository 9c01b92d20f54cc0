import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'
import { FALCO_EVENTS_DIR } from '../support/fixtures.js'

let p: TestPipeline

const SECOND_OF_A_PAIR = new Set(['some-user_creates_namespace_foo.json', 'create_nginx_pod_privileged_2nd_container.json'])

beforeAll(async () => {
  p = await startTestPipeline()
})
afterAll(async () => {
  await p.close()
})

describe("Falco's audit-event fixtures through the embedded pipeline", () => {
  const files = readdirSync(FALCO_EVENTS_DIR).filter((f) => f.endsWith('.json')).sort()

  it('has the fixtures', () => {
    expect(files.length).toBe(47)
  })

  it.each(files)('%s', async (file) => {
    const res = await p.ingest.app.inject({
      method: 'POST',
      url: '/v1/audit?timeout=30s',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
      payload: readFileSync(join(FALCO_EVENTS_DIR, file)),
    })
    if (file === 'fal_01_003.json') {
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toEqual({ code: 'not_audit_events', message: expect.stringContaining('neither Event nor EventList') })
    } else {
      expect(res.statusCode, res.body).toBe(200)
      const lines = readFileSync(join(FALCO_EVENTS_DIR, file), 'utf8').split('\n').filter((l) => l.trim().length > 0).length
      // Two pairs of fixtures are edited copies of one event (same auditID and stage);
      // the second of each pair is, by contract, a duplicate.
      const duplicates = SECOND_OF_A_PAIR.has(file) ? 1 : 0
      expect(res.json()).toEqual({ accepted: lines - duplicates, duplicates, dead_lettered: 0 })
    }
  })

  it('makes the starter rules\' findings queryable as soon as the posts are answered', async () => {
    const res = await p.api.app.inject({ method: 'GET', url: '/v1/findings?limit=100', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect(res.statusCode).toBe(200)
    const byRule = new Map<string, number>()
    for (const f of res.json().items as { rule_id: string }[]) byRule.set(f.rule_id, (byRule.get(f.rule_id) ?? 0) + 1)
    expect(byRule.get('rbac.cluster-admin-binding')).toBe(1)
    const events = await p.api.app.inject({ method: 'GET', url: '/v1/events?limit=1000', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect(events.json().items).toHaveLength(49)
  })
})
