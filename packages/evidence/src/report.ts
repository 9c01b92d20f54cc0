import { z } from 'zod'
import { ControlRef, Severity } from '@vigil/core'

/**
 * The native evidence report: one per framework × control × period × scope
 * (notes/compliance-mapping.md §5.4). It is the source of truth; CSV,
 * HTML/PDF, OSCAL and OCSF are renderings of it. Everything in it is derived
 * from stored data and the rule packs, so the same data gives the same bytes
 * apart from `generated.at`.
 */

const Instant = z.string().describe('RFC 3339, UTC')
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256')

export const Framework = ControlRef.shape.framework
export type Framework = z.infer<typeof Framework>

export const AssessmentStatus = z
  .enum(['operating', 'exceptions_noted', 'not_operating', 'insufficient_evidence', 'not_applicable'])
  .describe('An automated assessment, not an audit opinion; the rules are in docs/evidence.md')
export type AssessmentStatus = z.infer<typeof AssessmentStatus>

export const DISCLAIMER = 'Automated assessment, not an audit opinion.'

export const Period = z.strictObject({
  start: Instant,
  end: Instant,
  tz: z.literal('UTC'),
  boundary: z.literal('[start,end)').describe('start inclusive, end exclusive, on the event time'),
})
export type Period = z.infer<typeof Period>

export const Scope = z.strictObject({
  clusters: z.array(z.string()).describe('The clusters covered, sorted; every cluster the caller may see when none was asked for'),
})
export type Scope = z.infer<typeof Scope>

export const Generated = z.strictObject({
  at: Instant.describe('When this report was generated: the one field that differs between reproductions'),
  by: z.string().describe('actorLabel of who asked for it'),
  generator_version: z.string(),
  rule_pack_version: Sha256.describe('SHA-256 over the rule files the analyzer loaded, in path order'),
  catalog_version: z.string().describe('The control catalog version, as the catalog states it'),
})

export const Gap = z.strictObject({
  cluster: z.string(),
  apiserver: z.string().nullable().describe('When the events say which apiserver; null otherwise'),
  start: Instant.describe('First silent minute'),
  end: Instant.describe('First minute with events again, or the period end'),
  minutes: z.number().int().nonnegative(),
})
export type Gap = z.infer<typeof Gap>

export const Coverage = z.strictObject({
  expected_minutes: z.number().int().nonnegative().describe('Minutes in the period, per cluster that normally sends, summed'),
  covered_minutes: z.number().int().nonnegative().describe('Expected minutes not inside a gap'),
  pct: z.number().min(0).max(100),
  gap_threshold_minutes: z.number().int().positive(),
  gaps: z.array(Gap),
  dead_letters: z.number().int().nonnegative().describe('Payloads dead-lettered in the period (not readable as audit events)'),
  rejected_at_ingest: z.number().int().nonnegative().describe('Events refused at ingest, as counted by ingest and stored per period'),
  dedup_drops: z.number().int().nonnegative().describe('Repeated (cluster, auditID, stage) dropped at ingest'),
})
export type Coverage = z.infer<typeof Coverage>

export const PopulationSource = z
  .enum(['audit_events', 'access_log'])
  .describe("audit_events: stored events the control's population rules matched; access_log: every request made to vigil's own API, allowed or refused")
export type PopulationSource = z.infer<typeof PopulationSource>

export const Population = z.strictObject({
  name: z.string().describe('e.g. soc2.CC6.3.population, soc2.CC6.1.access_log'),
  source: PopulationSource.default('audit_events'),
  rule_ids: z.array(z.string()).describe('The population-role rules of the control, sorted; empty for the access log'),
  query: z.string().describe('The exact SQL text run against the store'),
  params: z.record(z.string(), z.unknown()).describe('Its query parameters'),
  query_sha256: Sha256.describe('SHA-256 of the canonical JSON of {query, params}'),
  snapshot: z.strictObject({ at: Instant.describe('Rows stored after this instant are not counted'), boundary: z.enum(['received_at <= snapshot.at', 'at <= snapshot.at']).describe('received_at for audit events, the request time for the access log') }),
  row_count: z.number().int().nonnegative(),
  result_sha256: Sha256.describe('SHA-256 of the NDJSON export of the rows, in export order'),
})
export type Population = z.infer<typeof Population>

export const Disposition = z.enum(['true_positive', 'approved_change', 'false_positive', 'risk_accepted'])
export type Disposition = z.infer<typeof Disposition>

export const FindingState = z.enum(['open', 'acknowledged', 'resolved'])
export type FindingState = z.infer<typeof FindingState>

export const ExceptionItem = z.strictObject({
  finding_id: z.string(),
  rule_id: z.string(),
  severity: Severity,
  cluster: z.string(),
  event_time: Instant,
  state: FindingState,
  disposition: Disposition.nullable(),
  over_sla: z.boolean(),
  pending_approval: z.boolean().describe('A four-eyes request waits for a second approver'),
})

export const Exceptions = z.strictObject({
  total: z.number().int().nonnegative(),
  by_disposition: z.strictObject({ true_positive: z.number().int(), approved_change: z.number().int(), false_positive: z.number().int(), risk_accepted: z.number().int() }),
  open: z.number().int().nonnegative().describe('Open or acknowledged, not resolved'),
  over_sla: z.number().int().nonnegative(),
  items: z.array(ExceptionItem).describe('Every exception finding of the period and scope, oldest first'),
})
export type Exceptions = z.infer<typeof Exceptions>

export const SampleRef = z.strictObject({
  id: z.string(),
  population: z.string(),
  population_sha256: Sha256,
  method: z.enum(['seeded_random', 'auditor']),
  seed: z.string().nullable(),
  size: z.number().int().nonnegative(),
  drawn_by: z.string(),
  drawn_at: Instant,
})

export const Attestation = z.strictObject({
  id: z.string(),
  reviewer: z.string().describe('actorLabel of the reviewer'),
  role: z.string(),
  at: Instant,
  covers: z.strictObject({ start: Instant, end: Instant }),
  finding_count: z.number().int().nonnegative(),
  statement: z.string(),
})

export const Integrity = z.strictObject({
  origin: z.string().describe('ledger.origin: the deployment whose ledger this is'),
  ledger_root: Sha256.describe('checkpoint_hash of the covering checkpoint: SHA-256 of its canonical body, which commits to every chain head and, through prev_checkpoint_hash, to every earlier checkpoint'),
  ledger_range: z.strictObject({ from: Instant, to: Instant }).describe('From the period start of the first checkpoint that can hold the report\'s records to the period end of the covering one'),
  checkpoints: z.strictObject({ from_seq: z.number().int().nonnegative(), to_seq: z.number().int().nonnegative() }).describe('The checkpoints of that range, by seq'),
  checkpoint: z.strictObject({
    seq: z.number().int().nonnegative(),
    checkpoint_hash: Sha256,
    batches_root: Sha256,
    created_at: Instant,
    key_ids: z.array(z.string()).describe('Who signed it'),
  }).describe('The covering checkpoint: the first made at or after the snapshot, or, when nothing was sealed after it, the latest'),
  anchors: z.array(z.string()).describe('Where the covering checkpoint was exported outside the store: `<type> <ref> <receipt>`'),
})
export type Integrity = z.infer<typeof Integrity>

export const EvidenceReport = z.strictObject({
  schema: z.literal('vigil.evidence-report/v1'),
  id: z.string().describe('Deterministic: a hash of framework, control, period and scope'),
  framework: Framework,
  control: z.strictObject({ id: z.string(), title: z.string(), summary: z.string() }),
  period: Period,
  scope: Scope,
  generated: Generated,
  status: AssessmentStatus,
  status_reasons: z.array(z.string()).describe('Which status rules applied, in words'),
  disclaimer: z.literal(DISCLAIMER),
  coverage: Coverage,
  populations: z.array(Population),
  exceptions: Exceptions,
  samples: z.array(SampleRef),
  attestations: z.array(Attestation),
  integrity: Integrity.nullable().describe('The ledger checkpoint that covers the report\'s data as of its snapshot; null while none does yet, or with the ledger off'),
})
export type EvidenceReport = z.infer<typeof EvidenceReport>
