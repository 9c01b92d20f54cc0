import type { AuditEvent, DeadLetter, Finding, ThresholdStateRow } from '@vigil/core'
import { toAlertCandidate } from '@vigil/alerts'
import type { ConsumedBatch, EventLogProducer } from '@vigil/event-log'
import type { Logger, Metrics } from '@vigil/platform'
import { bodyStarvedFor, evaluateEvent, type NoticeOnce, type RequestOnce, type RuleNeeds, type Ruleset, type ThresholdTracker } from '@vigil/rules'
import { toAuditEventRow, type AuditEventRow, type LedgerRecord, type LedgerUnit, type Store } from '@vigil/store'
import { decodeAuditRecord, decodeDeadLetterRecord } from './decode-record.js'
import { auditRecord, findingRecord, type LedgerPlacement } from './ledger-records.js'
import { collectFindings } from './to-finding.js'

/** What the analyzer needs of the store: the batch write, threshold state to reload, and the ledger's heads to forget on a rebalance. */
export type AnalyzerStore = Pick<Store, 'writeBatch' | 'ruleState' | 'ledger'>

export interface HandleDeps {
  ruleset: Ruleset
  /** Threshold state; the caller reloads it from the store when a batch fails. */
  thresholds: ThresholdTracker
  /** Which requests each rule already reported; the caller clears it when a batch fails. */
  once: RequestOnce
  /** Which (rule, cluster) pairs were already reported as blinded by the audit level. */
  notices: NoticeOnce
  store: AnalyzerStore
  metrics: Metrics
  logger: Logger
  now: () => Date
  /** Seal every stored event and finding into the evidence ledger; absent: the ledger is off. */
  ledger?: LedgerPlacement | undefined
  /** Where alert candidates go (`vigil.alerts.v1`); absent: alerting is off. */
  alerts?: EventLogProducer | undefined
}

/**
 * One batch from the event log: evaluate every event, then store the
 * ledger's records (each event after redaction and each finding, grouped
 * by log record), events, findings, threshold state and dead letters, in
 * that order (a finding is stored before the state that would stop it
 * being emitted again). Resolves
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
  const { ledger } = deps
  const units: LedgerUnit[] = []
  for (const record of batch.records) {
    const sealed: LedgerRecord[] = []
    for (const decoded of decodeAuditRecord(record, deps.now)) {
      if (!decoded.ok) {
        dead.push(decoded.dead)
        continue
      }
      const s = decoded.stamped
      rows.push(toAuditEventRow(s))
      const result = evaluateEvent(deps.ruleset, s.event, s.cluster)
      for (const rule of bodyStarvedFor(deps.ruleset, s.event)) if (deps.notices.first(rule.id, s.cluster)) noticeBlinded(deps, rule.id, rule.needs, s)
      for (const e of result.errors) metrics.ruleErrors.inc({ rule_id: e.rule_id })
      if (result.errors.length > 0) errored++
      const before = findings.length
      if (collectFindings(result, s, deps, findings, state) > 0) matched++
      if (ledger === undefined) continue
      sealed.push(auditRecord(s))
      for (let i = before; i < findings.length; i++) sealed.push(findingRecord(findings[i] as Finding))
    }
    // Every log record takes its position, even one that yielded only dead letters, so offsets stay contiguous.
    if (ledger !== undefined) units.push({ stream: ledger.stream, partition: batch.partition, seq: ledger.positions === 'offset' ? Number(record.offset) : undefined, records: sealed })
  }
  metrics.batchSize.observe({ stage: 'analyzer' }, rows.length)
  await store.writeBatch({ ledger: units, events: rows, findings, ruleState: state, deadLetters: dead })
  // In the same step, before the commit: a crash after the store write redelivers
  // the batch, which rewrites the same findings and republishes the same candidates;
  // the router deduplicates them by finding id.
  if (deps.alerts !== undefined && findings.length > 0) await deps.alerts.publish(findings.map(alertRecord))
  if (dead.length > 0) {
    metrics.deadLetters.inc({ reason: 'poison_record' }, dead.length)
    deps.logger.warn({ count: dead.length, first: dead[0]?.detail }, 'poison records dead-lettered')
  }
  metrics.eventsEvaluated.inc({ outcome: 'matched' }, matched)
  metrics.eventsEvaluated.inc({ outcome: 'no_match' }, rows.length - matched)
  if (errored > 0) metrics.eventsEvaluated.inc({ outcome: 'rule_error' }, errored)
  for (const f of findings) metrics.findings.inc({ rule: f.rule_id, severity: f.severity, cluster: f.cluster })
}

/**
 * A rule that needs a body saw its request without one: the audit policy
 * logs it below the rule's level, so the rule cannot fire on it. Said once
 * per (rule, cluster), in a log line and a counter.
 */
function noticeBlinded(deps: HandleDeps, ruleId: string, needs: RuleNeeds, s: { cluster: string; event: AuditEvent }): void {
  deps.metrics.ruleBodiesMissing.inc({ rule_id: ruleId })
  const r = s.event.objectRef
  const resource = r?.resource === undefined ? undefined : `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}${r.subresource ? `/${r.subresource}` : ''}`
  deps.logger.warn(
    { rule_id: ruleId, cluster: s.cluster, verb: s.event.verb, resource, level: s.event.level, needs: needs.level, reads: needs.because },
    'an enabled rule needs a higher audit level than the policy logs its requests at, and cannot fire on them; check the policy with `vigil rules coverage` (said once per rule and cluster)',
  )
}

/**
 * One candidate per finding, keyed by cluster: every group whose group_by
 * includes the cluster (the router requires it) lands in one partition, so
 * its candidates stay ordered and one router owns it.
 */
function alertRecord(f: Finding) {
  const candidate = toAlertCandidate(f)
  return { topic: 'alerts' as const, key: f.cluster, value: JSON.stringify(candidate), headers: { 'content-type': 'application/json' }, parsed: candidate }
}
