import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FALCO_EVENTS_DIR } from '../../support/fixtures.js'

interface FixtureEvent {
  auditID: string
  requestReceivedTimestamp?: string
  stageTimestamp?: string
  [k: string]: unknown
}

/**
 * Falco's fixture events moved into the recent past: each one repeated on
 * `days` days before `now` (new audit ids, same content), so a compliance
 * period that ends now has populations, exceptions and a shape over time.
 * Posted as the cluster the token stands for.
 */
export async function postRecentFalcoEvents(ingestUrl: string, token: string, now: Date, days: readonly number[]): Promise<number> {
  const events: FixtureEvent[] = []
  for (const file of readdirSync(FALCO_EVENTS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    let body: unknown
    try {
      body = JSON.parse(readFileSync(join(FALCO_EVENTS_DIR, file), 'utf8'))
    } catch {
      continue
    }
    const items = (body as { items?: unknown[] }).items ?? [body]
    for (const item of items) if (typeof item === 'object' && item !== null && typeof (item as FixtureEvent).auditID === 'string') events.push(item as FixtureEvent)
  }
  let accepted = 0
  for (const d of days) {
    const items = events.map((e, i) => {
      const at = new Date(now.getTime() - d * 86_400_000 - (i + 1) * 60_000).toISOString()
      return { ...e, auditID: `${e.auditID}-recent-${d}`, requestReceivedTimestamp: at, stageTimestamp: at }
    })
    const res = await fetch(`${ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items }) })
    if (res.status !== 200) throw new Error(`recent events: ${res.status} ${await res.text()}`)
    accepted += ((await res.json()) as { accepted: number }).accepted
  }
  return accepted
}
