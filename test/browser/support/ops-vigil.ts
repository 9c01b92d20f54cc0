import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnCommand } from '../../../bench/src/vigil-process.js'
import { killOnExit, stopChild } from '../../support/children.js'
import { TOKENS as CONSOLE_TOKENS } from './console-vigil.js'

/** Two analysts (four eyes needs two people), an auditor and an admin. */
export const OPS_TOKENS = {
  ingest: CONSOLE_TOKENS.ingest,
  admin: 'ops-admin-token-0000000000000001',
  auditor: 'ops-auditor-token-00000000000001',
  alice: 'ops-analyst-alice-token-00000001',
  bob: 'ops-analyst-bob-token-0000000001',
} as const

/** The secret part of the Slack webhook URL: the console must never show it. */
export const SLACK_PATH = '/services/T0CONSOLE/B0CONSOLE/consoleSlackSecretPart'
export const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

export interface OpsVigil {
  url: string
  ingestUrl: string
  output: () => string
  stop: () => Promise<void>
}

/**
 * `vigil start` with alerting on: every finding routes to a Slack sink
 * (webhook mode) and a signed webhook sink, both local HTTP servers the
 * test runs, reached over plain http on loopback.
 */
export async function startOpsVigil(slackUrl: string, webhookUrl: string): Promise<OpsVigil> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-browser-ops-'))
  const config = join(dir, 'vigil.yaml')
  writeFileSync(
    config,
    `data_dir: ${JSON.stringify(join(dir, 'data'))}
log_level: warn
ingest:
  port: 0
  tokens:
    - { cluster: local, token: ${OPS_TOKENS.ingest} }
api:
  port: 0
  tokens:
    - { name: admin, role: admin, token: ${OPS_TOKENS.admin} }
    - { name: auditor, role: auditor, token: ${OPS_TOKENS.auditor} }
    - { name: alice, role: analyst, token: ${OPS_TOKENS.alice} }
    - { name: bob, role: analyst, token: ${OPS_TOKENS.bob} }
router:
  refresh_ms: 200
  tick_max_ms: 200
alerting:
  external_url: https://vigil.example.com
  egress: { https_only: false, allow_cidrs: [127.0.0.0/8] }
  sinks:
    - { name: slack, type: slack, mode: webhook, url: { env: CONSOLE_SLACK_URL }, allow_http: true, min_severity: high }
    - { name: soar, type: webhook, url: ${JSON.stringify(webhookUrl)}, allow_http: true, min_severity: critical, signing: { secrets: [{ env: CONSOLE_WHSEC }] } }
  routes:
    - { name: everything, when: {}, sinks: [slack, soar], group_wait: 0s }
`,
  )
  const { child, output } = await spawnCommand(['start', '--config', config], { CONSOLE_SLACK_URL: slackUrl, CONSOLE_WHSEC: WHSEC }, /ingest\s+(https?:\/\/\S+)\/v1\/audit[\s\S]*console\s+(https?:\/\/\S+?)\/\s/, 90_000)
  killOnExit(child)
  const text = output()
  const ingestUrl = (/ingest\s+(https?:\/\/\S+)\/v1\/audit/.exec(text) as RegExpExecArray)[1] as string
  const url = (/console\s+(https?:\/\/\S+?)\/\s/.exec(text) as RegExpExecArray)[1] as string
  return { url, ingestUrl, output, stop: async () => void (await stopChild(child)) }
}
