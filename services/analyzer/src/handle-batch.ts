import type { DeadLetter, Finding, ThresholdStateRow } from '@vigil/core'
import type { ConsumedBatch } from '@vigil/event-log'
import type { Logger, Metrics } from '@vigil/platform'
import { evaluateEvent, type Ruleset, type ThresholdTracker } from '@vigil/rules'
import { toAuditEventRow, type AuditEventRow, type Store } from '@vigil/store'
import { decodeAuditRecord, decodeDeadLetterRecord } from './decode-record.js'
import { collectFindings } from './to-finding.js'

/** What the analyzer needs of the store: the batch write, and threshold state to reload. */
export type AnalyzerStore = Pick<Store, 'writeBatch' | 'ruleState'>

export interface HandleDeps {
  ruleset: Ruleset
  /** Threshold state; the caller reloads it from the store when a batch fails. */
  thresholds: ThresholdTracker
  store: AnalyzerStore
  metrics: Metrics
  logger: Logger
  now: () => Date
}

/**
 * One batch from the event log: evaluate every event, then store events,
 * findings, threshold state and dead letters, in that order (a finding is
 * stored before the state that would stop it being emitted again). Resolves
 * only when all are stored, so the caller may commit; rejects (retriably)
 * when the store cannot take them.
 */
export async function handleBatch(deps: HandleDeps, batch: ConsumedBatch): Promise<void> {
  const { metrics, store } = deps
  if (batch.topic === 'deadletter') {
    const letters = batch.records.map((r) => decodeDeadLetterRecord(r, deps.now))
    await store.writeBatch({ events: [], findings: [], ruleState: [], deadLetters: letters })
    return
  }
  if (batch.topic !== 'audit') return
  const rows: AuditEventRow[] = []
  const findings: Finding[] = []
  const dead: DeadLetter[] = []
  const state: ThresholdStateRow[] = []
  let matched = 0
  let errored = 0
  for (const record of batch.records) for (const decoded of decodeAuditRecord(record, deps.now)) {
    if (!decoded.ok) {
      dead.push(decoded.dead)
      continue
    }
    const s = decoded.stamped
    rows.push(toAuditEventRow(s))
    const result = evaluateEvent(deps.ruleset, s.event, s.cluster)
    for (const e of result.errors) metrics.ruleErrors.inc({ rule_id: e.rule_id })
    if (result.errors.length > 0) errored++
    if (collectFindings(result, s, deps.thresholds, findings, state) > 0) matched++
  }
  metrics.batchSize.observe({ stage: 'analyzer' }, rows.length)
  await store.writeBatch({ events: rows, findings, ruleState: state, deadLetters: dead })
  if (dead.length > 0) {
    metrics.deadLetters.inc({ reason: 'poison_record' }, dead.length)
    deps.logger.warn({ count: dead.length, first: dead[0]?.detail }, 'poison records dead-lettered')
  }
  metrics.eventsEvaluated.inc({ outcome: 'matched' }, matched)
  metrics.eventsEvaluated.inc({ outcome: 'no_match' }, rows.length - matched)
  if (errored > 0) metrics.eventsEvaluated.inc({ outcome: 'rule_error' }, errored)
  for (const f of findings) metrics.findings.inc({ rule_id: f.rule_id, severity: f.severity })
}
