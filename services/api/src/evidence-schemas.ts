import { z } from 'zod'
import { Severity } from '@vigil/core'
import { Coverage, Disposition, EvidenceReport, ExportFormat, FindingState, AssessmentStatus, PopulationSource } from '@vigil/evidence'

/** `a,b` or repeated `?x=a&x=b` → ['a','b']. */
export const clusterList = z
  .preprocess((v) => {
    if (v === undefined) return undefined
    return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter((s) => s.length > 0)
  }, z.array(z.string().min(1).max(256)).max(100).optional())
  .describe('Cluster ids (comma-separated or repeated); default: every cluster the token may see.')

const DateText = z.string().max(64)
export const PeriodQuery = {
  start: DateText.describe('Period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone.'),
  end: DateText.describe('Period end, exclusive: YYYY-MM-DD (midnight UTC) or RFC 3339 with a zone.'),
}
export const AsOf = z.string().datetime({ offset: true }).optional().describe('Snapshot: rows stored after this instant are left out. Default: the earlier of now and the period end.')

export const FindingIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'a finding id is 32 hex characters') })

export const TransitionBody = z.strictObject({
  to: FindingState.describe('The state to move to: acknowledged, resolved, or open (reopen).'),
  disposition: Disposition.optional().describe('Required when resolving.'),
  reason: z.string().trim().min(1).max(4000).describe('Why, in words; kept with the transition.'),
  ticket: z.string().trim().min(1).max(512).optional().describe('A ticket or change reference; required for approved_change.'),
  expires_at: z.string().datetime({ offset: true }).optional().describe('When a risk acceptance lapses; required for risk_accepted.'),
})

export const DecisionBody = z.strictObject({
  approve: z.boolean().describe('true approves the pending four-eyes request; false rejects it.'),
  reason: z.string().trim().min(1).max(4000),
})

export const Transition = z.object({
  transition_id: z.string(),
  finding_id: z.string(),
  at: z.string(),
  actor: z.string().describe('actorLabel of who did it'),
  role: z.string(),
  kind: z.enum(['transition', 'request', 'approval', 'rejection']),
  from_state: FindingState,
  to_state: FindingState,
  disposition: Disposition.nullable(),
  reason: z.string(),
  ticket: z.string().nullable(),
  expires_at: z.string().nullable(),
  request_id: z.string().nullable(),
})

export const TriageView = z.object({
  finding_id: z.string(),
  severity: Severity,
  state: FindingState,
  disposition: Disposition.nullable(),
  expired: z.boolean().describe('A risk acceptance lapsed, so the finding counts as open again'),
  pending: z.object({ request_id: z.string(), requested_by: z.string(), requested_at: z.string(), disposition: Disposition.nullable() }).nullable(),
  detected_at: z.string(),
  sla_due_at: z.string().nullable().describe('When the finding must be resolved by; null when its severity has no SLA'),
  over_sla: z.boolean(),
  transitions: z.array(Transition),
})

export const TransitionResult = z.object({ transition: Transition, triage: TriageView })

export const BulkTriageBody = z.strictObject({
  filter: z.strictObject({
    cluster: z.array(z.string().min(1)).max(100).optional(),
    rule_id: z.string().min(1).optional(),
    severity: z.array(Severity).optional(),
    namespace: z.string().optional(),
    user: z.string().optional(),
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
  }),
  transition: TransitionBody,
  dry_run: z.boolean().default(true).describe('Default true: only count what the filter matches. Send false to apply.'),
  max: z.number().int().min(1).max(10_000).default(1000).describe('Refuse to touch more findings than this.'),
})

export const BulkTriageResult = z.object({
  dry_run: z.boolean(),
  matched: z.number().int(),
  applied: z.number().int(),
  pending_approval: z.number().int().describe('Resolutions recorded as four-eyes requests'),
  skipped: z.array(z.object({ finding_id: z.string(), reason: z.string() })),
})

export const AttestationBody = z.strictObject({
  framework: z.string().min(1),
  control: z.string().min(1),
  ...PeriodQuery,
  clusters: z.array(z.string().min(1)).max(100).optional(),
  statement: z.string().trim().min(1).max(8000).describe('What the reviewer attests, in their words.'),
})

export const AttestationOut = z.object({
  id: z.string(),
  framework: z.string(),
  control: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  clusters: z.array(z.string()),
  reviewer: z.string(),
  role: z.string(),
  at: z.string(),
  finding_count: z.number().int().describe('Exception findings of the control in the period and scope when signed'),
  statement: z.string(),
})

export const ReportBody = z.strictObject({
  framework: z.string().min(1),
  control: z.string().min(1),
  ...PeriodQuery,
  clusters: z.array(z.string().min(1)).max(100).optional(),
  as_of: AsOf,
})

export const ReportFormat = ExportFormat.default('json').describe('Rendering: json (the native, canonical report), csv, html, pdf, oscal (OSCAL 1.1.3 assessment-results) or ocsf (OCSF 1.8.0 findings, NDJSON); see docs/evidence.md')

export { EvidenceReport, Coverage }

export const FrameworkSummary = z.object({
  framework: z.string(),
  period: z.object({ start: z.string(), end: z.string(), tz: z.literal('UTC'), boundary: z.literal('[start,end)') }),
  scope: z.object({ clusters: z.array(z.string()) }),
  as_of: z.string(),
  disclaimer: z.string(),
  controls: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: AssessmentStatus,
      report_id: z.string(),
      population_rows: z.number().int().nullable(),
      exceptions: z.number().int(),
      open: z.number().int(),
      over_sla: z.number().int(),
      coverage_pct: z.number(),
    }),
  ),
})

export const PopulationManifest = z.object({
  type: z.literal('vigil.population'),
  v: z.literal(1),
  id: z.string().describe('Pass to the export, re-run and sample endpoints'),
  name: z.string(),
  framework: z.string(),
  control: z.string(),
  rule_ids: z.array(z.string()),
  source: PopulationSource,
  period: z.object({ start: z.string(), end: z.string(), boundary: z.literal('[start,end)'), time_field: z.enum(['requestReceivedTimestamp', 'at']), timezone: z.literal('UTC') }),
  scope: z.object({ clusters: z.array(z.string()) }),
  snapshot: z.object({ as_of: z.string(), rule: z.string() }),
  query: z.object({ text: z.string(), text_sha256: z.string(), params: z.record(z.string(), z.unknown()), params_jcs_sha256: z.string(), query_sha256: z.string().describe('SHA-256 of the canonical JSON of {params, query}') }),
  row_count: z.number().int(),
  result_sha256: z.string().describe('SHA-256 of the NDJSON export'),
  order_by: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), media_type: z.string(), url: z.string() })),
  generator: z.object({ name: z.literal('vigil'), version: z.string(), rule_pack: z.string() }),
  generated_at: z.string(),
  generated_by: z.string(),
})

export const PopulationQuery = z.strictObject({
  framework: z.string().min(1),
  control: z.string().min(1),
  ...PeriodQuery,
  cluster: clusterList,
  as_of: AsOf,
  source: PopulationSource.default('audit_events').describe("audit_events (default): the events the control's population rules matched; access_log: every request to vigil's own API whose scope reached the clusters, for controls whose catalog entry cites it (SOC 2 CC6.1, HIPAA 164.312(b))"),
})

export const PopulationDailyQuery = z.strictObject({
  framework: z.string().min(1),
  control: z.string().min(1),
  ...PeriodQuery,
  cluster: clusterList,
  as_of: AsOf,
})

export const PopulationDaily = z.object({
  framework: z.string(),
  control: z.string(),
  rule_ids: z.array(z.string()),
  period: z.object({ start: z.string(), end: z.string(), boundary: z.literal('[start,end)'), time_field: z.literal('requestReceivedTimestamp'), timezone: z.literal('UTC') }),
  scope: z.object({ clusters: z.array(z.string()) }),
  snapshot: z.object({ as_of: z.string() }),
  days: z.array(z.object({ day: z.string().describe('YYYY-MM-DD (UTC)'), count: z.number().int() })).describe('Days with at least one row, in order; they sum to row_count'),
  row_count: z.number().int().describe("The population's row count: the same rows as GET /v1/populations for these parameters"),
})

export const PopulationIdParams = z.strictObject({ id: z.string().regex(/^pop-[0-9a-f]{32}$/, 'a population id is pop- and 32 hex characters') })

export const ExportQuery = z.strictObject({
  format: z.enum(['csv', 'ndjson']).default('csv').describe('csv: RFC 4180 with a column description at …/csv-metadata; ndjson: the exact stored records, one per line.'),
  bom: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('csv only: start with a UTF-8 BOM (for spreadsheets). Default true.'),
})

export const RerunResult = z.object({
  id: z.string(),
  same: z.boolean(),
  before: z.object({ row_count: z.number().int(), result_sha256: z.string() }),
  after: z.object({ row_count: z.number().int(), result_sha256: z.string() }),
  changes: z.array(z.string()),
})

export const SampleBody = z
  .strictObject({
    population_id: z.string().regex(/^pop-[0-9a-f]{32}$/),
    seed: z.string().min(1).max(256).optional().describe('For seeded_random (sha256-rank/v1): chosen by the auditor.'),
    size: z.number().int().min(1).max(10_000).optional().describe('Default: the suggestion for the population size (docs/evidence.md).'),
    items: z.array(z.string().min(1)).min(1).max(10_000).optional().describe("Auditor-chosen row keys (cluster/audit_id/stage; an access-log population's record ids) instead of a seed."),
  })
  .refine((b) => (b.seed === undefined) !== (b.items === undefined), 'give exactly one of seed and items')

export const SampleOut = z.object({
  type: z.literal('vigil.sample'),
  v: z.literal(1),
  sample_id: z.string(),
  population: z.object({ id: z.string(), name: z.string(), result_sha256: z.string(), row_count: z.number().int() }),
  method: z.object({ id: z.string(), description: z.string(), row_key: z.string() }),
  seed: z.string().nullable(),
  size: z.number().int(),
  size_basis: z.string(),
  drawn_at: z.string(),
  drawn_by: z.string(),
  selected: z.array(z.object({ row_key: z.string(), rank: z.string().nullable() })),
})

export const SampleIdParams = z.strictObject({ id: z.string().regex(/^smp-[0-9a-f]{32}$/) })

export const SampleBundle = SampleOut.extend({
  items: z.array(
    z.object({
      row_key: z.string(),
      event: z.unknown().describe('The stored (redacted) event, or for an access-log population the access record; null if retention removed it'),
      findings: z.array(z.object({ finding_id: z.string(), rule_id: z.string(), severity: Severity, triage: z.array(Transition) })),
    }),
  ),
})

export const CoverageQuery = z.strictObject({ ...PeriodQuery, cluster: clusterList })
export const CoverageOut = z.object({ period: z.object({ start: z.string(), end: z.string() }), scope: z.object({ clusters: z.array(z.string()) }), coverage: Coverage, recorded_gaps: z.array(z.object({ cluster: z.string(), apiserver: z.string(), start: z.string(), end: z.string(), open: z.boolean(), detected_at: z.string() })) })
