/**
 * Falco k8saudit conformance: replays Falco's own audit-event fixtures through
 * the analyzer (records built as ingest builds them, handleBatch, a real chDB
 * store) with the shipped packs, the falco-compat profile and, per case, our
 * translations of Falco's test overrides; then compares the stored findings,
 * mapped to Falco rule names through each rule's `falco:` field, with
 * expected.json. docs/falco-parity.md explains the mapping and the results.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partitionKey, type AuditEvent } from '@vigil/core'
import type { ConsumedRecord } from '@vigil/event-log'
import { decodeAuditRecord, handleBatch, type HandleDeps } from '@vigil/analyzer'
import { classify, createRedactor, parseSegments, splitTopLevel } from '@vigil/ingest'
import { createLogger, createMetrics } from '@vigil/platform'
import { compileRules, eventsUnder, loadRuleSources, NoticeOnce, RequestOnce, STAGE_SETS, ThresholdTracker, type Ruleset, type StageSetName } from '@vigil/rules'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, type Store } from '@vigil/store'
import { FALCO_DIR } from '../support/fixtures.js'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const RULES_DIR = join(REPO, 'rules')
const PROFILE = join(RULES_DIR, 'profiles', 'falco-compat.yaml')
const OVERRIDES_DIR = fileURLToPath(new URL('./falco-overrides/', import.meta.url))

interface FalcoCase {
  case: string
  origin: 'falco-asserted' | 'derived'
  files: string[]
  rules: string[]
  expected: Record<string, number>
  expected_total: number | null
  optional?: boolean
  stderr_contains?: string
}

/**
 * Falco rule files → what stands for them here. The main ruleset is the packs
 * plus the profile (always loaded); each override has a translation in our
 * format under falco-overrides/ with the same name.
 */
const MAIN_RULESET = 'falco_k8s_audit_rules.yaml'
const TRANSLATED = new Set([
  'overrides/allow_namespace_foo.yaml',
  'overrides/allow_nginx_container.yaml',
  'overrides/allow_only_apache_container.yaml',
  'overrides/allow_user_some-user.yaml',
  'overrides/disallow_kactivity.yaml',
  'overrides/single_rule_with_json_pointer.yaml',
  'overrides/trust_nginx_container.k8s_audit_names.yaml',
])
/** Override files with no equivalent in our format, and why. None so far; a case that needs one is skipped. */
const UNTRANSLATABLE: Record<string, string> = {}

/** The one fixture that is not an event. */
const NOT_AN_EVENT = 'events/fal_01_003.json'

const allCases = JSON.parse(readFileSync(join(FALCO_DIR, 'expected.json'), 'utf8')) as FalcoCase[]
// The compat_engine_v4_* cases need Falco's deprecated fields and a legacy
// ruleset (see the fixtures' README); they are optional and out of scope.
const cases = allCases.filter((c) => !c.case.startsWith('compat_engine_v4_'))

const isDefaultRulesetCase = (c: FalcoCase) => c.case.startsWith('default_ruleset__')

/**
 * Why a case cannot run, when one of its override files is known to have no
 * equivalent. An override that is neither translated nor listed there runs,
 * and fails on the missing translation, so a new fixture is never skipped quietly.
 */
function untranslatable(c: FalcoCase): string | undefined {
  for (const r of c.rules) if (r !== MAIN_RULESET && !TRANSLATED.has(r) && Object.hasOwn(UNTRANSLATABLE, r)) return UNTRANSLATABLE[r]
  return undefined
}

const rulesetCache = new Map<string, Ruleset>()
function rulesetFor(c: FalcoCase): Ruleset {
  const overrides = c.rules.filter((r) => r !== MAIN_RULESET).map((r) => join(OVERRIDES_DIR, r.replace(/^overrides\//, '')))
  const key = overrides.join('|')
  let rs = rulesetCache.get(key)
  if (rs === undefined) {
    rs = compileRules(loadRuleSources([RULES_DIR, PROFILE, ...overrides], REPO))
    rulesetCache.set(key, rs)
  }
  return rs
}

/** What ingest does with a body: split, parse, classify, drop repeats of (auditID, stage), redact. */
function ingestFile(path: string): { events: AuditEvent[]; rejected: { reason: string; detail: string }[]; candidates: number } {
  const buf = readFileSync(path)
  const classified = classify(parseSegments(buf, splitTopLevel(buf, 100)))
  const redactor = createRedactor([])
  const seen = new Set<string>()
  const events: AuditEvent[] = []
  for (const e of classified.events) {
    const key = `${e.auditID}/${e.stage}`
    if (seen.has(key)) continue
    seen.add(key)
    redactor.redact(e)
    events.push(e)
  }
  return { events, rejected: classified.rejected, candidates: classified.candidates }
}

function toRecords(cluster: string, events: readonly AuditEvent[], receivedAt: string): ConsumedRecord[] {
  return events.map((event, i) => ({ key: partitionKey(cluster, event), value: JSON.stringify(event), headers: { cluster, received_at: receivedAt }, offset: String(i) }))
}

interface Outcome {
  case: string
  kind: 'default_ruleset' | 'falco-asserted'
  overrides: boolean
  status: 'pass' | 'fail' | 'skip'
  detail: string
}
const outcomes: Outcome[] = []

let dir: string
let store: Store
const metrics = createMetrics({ defaultMetrics: false })
const logger = createLogger({ level: 'silent' })
const receivedAt = new Date().toISOString()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-falco-conformance-'))
  const client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client })
})

afterAll(async () => {
  await store?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  const group = (kind: Outcome['kind'], pred: (o: Outcome) => boolean = () => true) => {
    const os = outcomes.filter((o) => o.kind === kind && pred(o))
    return `${os.filter((o) => o.status === 'pass').length}/${os.length} passed${os.some((o) => o.status === 'skip') ? `, ${os.filter((o) => o.status === 'skip').length} skipped` : ''}`
  }
  const lines = [
    'Falco k8saudit conformance',
    ...outcomes.map((o) => `  ${o.status.toUpperCase().padEnd(4)}  ${o.case}${o.status === 'pass' ? '' : `  (${o.detail})`}`),
    `default_ruleset cases: ${group('default_ruleset')}`,
    `falco-asserted cases: ${group('falco-asserted')} (with overrides: ${group('falco-asserted', (o) => o.overrides)}; main ruleset only: ${group('falco-asserted', (o) => !o.overrides)})`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
})

describe('Falco k8saudit conformance (packs + falco-compat profile)', () => {
  it('has the cases', () => {
    expect(cases.filter(isDefaultRulesetCase)).toHaveLength(47)
    expect(cases.filter((c) => c.origin === 'falco-asserted')).toHaveLength(59)
  })

  cases.forEach((c, index) => {
    const kind: Outcome['kind'] = isDefaultRulesetCase(c) ? 'default_ruleset' : 'falco-asserted'
    const overrides = c.rules.some((r) => r !== MAIN_RULESET)
    const why = untranslatable(c)
    if (why !== undefined) {
      // No equivalent of one of the case's override files exists in our format (docs/falco-parity.md).
      outcomes.push({ case: c.case, kind, overrides, status: 'skip', detail: why })
      it.skip(`${c.case} (${why})`, () => {})
      return
    }
    it(c.case, async () => {
      const outcome: Outcome = { case: c.case, kind, overrides, status: 'fail', detail: '' }
      outcomes.push(outcome)
      // One cluster per case: several fixture files share an auditID.
      const cluster = `falco-${String(index).padStart(3, '0')}`
      const ruleset = rulesetFor(c)
      const deps: HandleDeps = { ruleset, thresholds: new ThresholdTracker(), once: new RequestOnce(), notices: new NoticeOnce(), store, metrics, logger, now: () => new Date() }

      if (c.files.includes(NOT_AN_EVENT)) {
        // Not an event: ingest finds nothing to accept, and the analyzer dead-letters it if it arrives anyway.
        const text = readFileSync(join(FALCO_DIR, NOT_AN_EVENT), 'utf8')
        const { events, rejected } = ingestFile(join(FALCO_DIR, NOT_AN_EVENT))
        expect(events).toEqual([])
        expect(rejected.map((r) => r.reason)).toEqual(['not_audit_event'])
        const raw: ConsumedRecord = { key: cluster, value: text.trim(), headers: { cluster, received_at: receivedAt }, offset: '0' }
        const decoded = decodeAuditRecord(raw, () => new Date())
        expect(decoded.map((d) => d.ok)).toEqual([false])
        await handleBatch(deps, { topic: 'audit', partition: 0, records: [raw] })
        expect((await store.deadLetters.list({ clusters: [cluster], limit: 10 })).map((d) => d.reason)).toEqual(['poison_record'])
        expect((await store.findings.list({ clusters: [cluster], limit: 10 })).items).toEqual([])
        outcome.status = 'pass'
        outcome.detail = 'rejected as not an audit event'
        return
      }

      const events = c.files.flatMap((f) => ingestFile(join(FALCO_DIR, f)).events)
      expect(events.length).toBeGreaterThan(0)
      await handleBatch(deps, { topic: 'audit', partition: 0, records: toRecords(cluster, events, receivedAt) })

      const findings = (await store.findings.list({ clusters: [cluster], limit: 1000 })).items
      const falcoNames = new Map(ruleset.rules.map((r) => [r.id, r.falco]))
      // Falco reports a rule at most once per event; two vigil rules may cover one Falco rule
      // (K8s Secret Get Successfully), so count the events per Falco name.
      const hits = new Map<string, Set<string>>()
      for (const f of findings) {
        for (const name of falcoNames.get(f.rule_id) ?? []) {
          let set = hits.get(name)
          if (set === undefined) hits.set(name, (set = new Set()))
          set.add(`${f.audit_id}/${f.stage}`)
        }
      }
      const actual = Object.fromEntries([...hits].map(([k, v]) => [k, v.size]))
      const actualTotal = [...hits.values()].reduce((n, s) => n + s.size, 0)
      const listed = Object.fromEntries(Object.keys(c.expected).map((k) => [k, actual[k] ?? 0]))
      const problems: string[] = []
      if (JSON.stringify(listed) !== JSON.stringify(c.expected)) problems.push(`expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(listed)}`)
      if (c.expected_total !== null && actualTotal !== c.expected_total) problems.push(`expected ${c.expected_total} Falco-mapped detections in total, got ${actualTotal}: ${JSON.stringify(actual)}`)
      outcome.detail = problems.join('; ')
      if (problems.length === 0) outcome.status = 'pass'
      expect(listed).toEqual(c.expected)
      if (c.expected_total !== null) expect({ total: actualTotal, detections: actual }).toEqual({ total: c.expected_total, detections: actual })
    })
  })
})

/**
 * The same cases under each stage set an audit policy may keep (ADR 0012):
 * each fixture event stands for its request, replayed as the stages that
 * policy sends. The findings, per rule and auditID, must be those of the
 * fixtures as they are.
 */
describe('Falco k8saudit conformance under each stage set', () => {
  const replay = async (c: FalcoCase, cluster: string, events: readonly AuditEvent[]): Promise<string[]> => {
    const deps: HandleDeps = { ruleset: rulesetFor(c), thresholds: new ThresholdTracker(), once: new RequestOnce(), notices: new NoticeOnce(), store, metrics, logger, now: () => new Date() }
    // As ingest would: one event per (auditID, stage).
    const seen = new Set<string>()
    const unique = events.filter((e) => !seen.has(`${e.auditID}/${e.stage}`) && seen.add(`${e.auditID}/${e.stage}`) !== undefined)
    await handleBatch(deps, { topic: 'audit', partition: 0, records: toRecords(cluster, unique, receivedAt) })
    return (await store.findings.list({ clusters: [cluster], limit: 1000 })).items.map((f) => `${f.rule_id} ${f.audit_id}`).sort()
  }

  cases.forEach((c, index) => {
    if (untranslatable(c) !== undefined || c.files.includes(NOT_AN_EVENT)) return
    it(c.case, async () => {
      const events = c.files.flatMap((f) => ingestFile(join(FALCO_DIR, f)).events)
      const asIs = await replay(c, `stages-${index}-as-is`, events)
      expect(asIs.length + events.length).toBeGreaterThan(0)
      for (const set of Object.keys(STAGE_SETS) as StageSetName[]) {
        const under = await replay(c, `stages-${index}-${set}`, events.flatMap((e) => eventsUnder(e, STAGE_SETS[set])))
        expect(under, `${c.case} with the stages [${STAGE_SETS[set].join(', ')}]`).toEqual(asIs)
      }
    })
  })
})
