import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnCommand } from '../../../bench/src/vigil-process.js'
import { killOnExit, stopChild } from '../../support/children.js'
import { FALCO_EVENTS_DIR } from '../../support/fixtures.js'

export const TOKENS = {
  ingest: 'browser-ingest-token-local-0001',
  ingestStaging: 'browser-ingest-token-staging-01',
  admin: 'browser-admin-token-000000000001',
  auditor: 'browser-auditor-token-0000000001',
  stagingAnalyst: 'browser-staging-analyst-token-01',
} as const

export interface ConsoleVigil {
  url: string
  ingestUrl: string
  output: () => string
  stop: () => Promise<void>
}

/**
 * The built `vigil start`, configured with an admin, an auditor and an
 * analyst scoped to the cluster "staging", on free loopback ports.
 */
export async function startConsoleVigil(): Promise<ConsoleVigil> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-browser-'))
  const config = join(dir, 'vigil.yaml')
  writeFileSync(
    config,
    `data_dir: ${JSON.stringify(join(dir, 'data'))}
log_level: warn
ingest:
  port: 0
  tokens:
    - { cluster: local, token: ${TOKENS.ingest} }
    - { cluster: staging, token: ${TOKENS.ingestStaging} }
api:
  port: 0
  tokens:
    - { name: admin, role: admin, token: ${TOKENS.admin} }
    - { name: auditor, role: auditor, token: ${TOKENS.auditor} }
    - { name: staging-oncall, role: analyst, token: ${TOKENS.stagingAnalyst}, clusters: [staging] }
`,
  )
  // The tests' own VIGIL_* variables are not config sections; vigil ignores them (with a warning).
  const { child, output } = await spawnCommand(['start', '--config', config], {}, /ingest\s+(https?:\/\/\S+)\/v1\/audit[\s\S]*console\s+(https?:\/\/\S+?)\/\s/, 90_000)
  killOnExit(child)
  const text = output()
  const ingestUrl = (/ingest\s+(https?:\/\/\S+)\/v1\/audit/.exec(text) as RegExpExecArray)[1] as string
  const url = (/console\s+(https?:\/\/\S+?)\/\s/.exec(text) as RegExpExecArray)[1] as string
  return { url, ingestUrl, output, stop: async () => void (await stopChild(child)) }
}

/** Posts every Falco k8saudit fixture as the cluster "local" (the broken one is refused with a 400, as it should be). */
export async function postFalcoFixtures(ingestUrl: string): Promise<number> {
  let accepted = 0
  for (const file of readdirSync(FALCO_EVENTS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const res = await fetch(`${ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' }, body: readFileSync(join(FALCO_EVENTS_DIR, file)) })
    if (res.status === 200) accepted += ((await res.json()) as { accepted: number }).accepted
    else if (res.status !== 400) throw new Error(`${file}: ${res.status} ${await res.text()}`)
  }
  return accepted
}

/**
 * As the cluster "staging": one secret read by a person (a finding the
 * scoped analyst may see) and one item that is no audit event (a dead letter).
 */
export async function postStagingEvents(ingestUrl: string): Promise<{ accepted: number; dead_lettered: number }> {
  const event = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: 'browser-staging-secret-read-1',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/payments/secrets/db-password',
    verb: 'get',
    user: { username: 'mallory@example.com', groups: ['system:authenticated'] },
    sourceIPs: ['10.0.0.7'],
    objectRef: { resource: 'secrets', namespace: 'payments', name: 'db-password', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-11-02T09:15:00.000000Z',
    stageTimestamp: '2026-11-02T09:15:00.050000Z',
  }
  const broken = { auditID: 'browser-staging-broken-1', stage: 'ResponseComplete', verb: 42 }
  const body = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [event, broken] })
  const res = await fetch(`${ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.ingestStaging}`, 'content-type': 'application/json' }, body })
  if (res.status !== 200) throw new Error(`staging events: ${res.status} ${await res.text()}`)
  return (await res.json()) as { accepted: number; dead_lettered: number }
}
