import { stableId } from '@vigil/core'
import type { Store } from '@vigil/store'
import type { EvidenceCatalog, EvidenceConfig } from './context.js'
import { isoOfMinute, minuteOf, summarizeCoverage } from './coverage.js'
import { populationName, populationRecord, runPopulation } from './population.js'
import { DISCLAIMER, EvidenceReport, type Coverage, type Exceptions, type Period } from './report.js'
import { integrityOf } from './integrity.js'
import { isOverSla } from './sla.js'
import { assessStatus } from './status.js'
import { deriveTriage, type TransitionRecord } from './triage.js'

export interface ReportDeps {
  store: Pick<Store, 'reviews' | 'coverage' | 'populations'> & Partial<Pick<Store, 'ledger' | 'ledgerEvidence'>>
  /** ledger.origin when the evidence ledger is on: the report then carries its integrity section. */
  ledgerOrigin?: string | undefined
  catalog: EvidenceCatalog
  config: EvidenceConfig
  generatorVersion: string
  now: () => Date
}

export interface ReportRequest {
  framework: string
  control: string
  period: Period
  /** The clusters in scope, already checked against the caller's. */
  clusters: readonly string[]
  /** The snapshot: rows stored after it are left out. Default: the earlier of now and the period end. */
  as_of?: string | undefined
  /** actorLabel of who asked. */
  by: string
  /** The coverage section when the caller already computed it for this period, scope and snapshot (a framework summary shares one). */
  coverage?: Coverage | undefined
}

/** Ingest's reasons for refusing an event inside an accepted batch (dead letters it writes itself). */
const INGEST_REJECTIONS = new Set(['invalid_json', 'not_audit_event', 'invalid_event'])
const DEDUP = 'duplicate'

export function reportId(framework: string, control: string, period: Period, clusters: readonly string[]): string {
  return `rpt-${stableId(framework, control, period.start, period.end, [...clusters].sort().join(','))}`
}

export function defaultAsOf(period: Period, now: Date): string {
  return new Date(Math.min(now.getTime(), Date.parse(period.end))).toISOString()
}

/** The coverage section for a period and scope as of a snapshot. */
export async function coverageOf(deps: Pick<ReportDeps, 'store' | 'config'>, period: Period, clusters: readonly string[], asOf: string): Promise<Coverage> {
  const lo = minuteOf(period.start)
  // The minute the snapshot falls in counts (its events so far cover it); a gap needs whole silent minutes anyway.
  const snap = Date.parse(asOf)
  const asOfMinute = Math.floor(snap / 60_000) + (snap % 60_000 === 0 ? 0 : 1)
  const hi = Math.max(lo, Math.min(asOfMinute, minuteOf(period.end)))
  const threshold = deps.config.gap_threshold_minutes
  const arrivals = clusters.length === 0 ? [] : await deps.store.coverage.arrivals({ clusters, lo, hi })
  const s = summarizeCoverage(arrivals, lo, hi, threshold)
  const drops = clusters.length === 0 ? {} : await deps.store.coverage.deadLetterCounts({ clusters, from: period.start, to: isoOfMinute(hi) })
  let rejected = 0
  let dedup = 0
  let dead = 0
  for (const [reason, n] of Object.entries(drops)) {
    if (INGEST_REJECTIONS.has(reason)) rejected += n
    else if (reason === DEDUP) dedup += n
    else dead += n
  }
  const pct = s.expected_minutes === 0 ? 0 : Math.floor((s.covered_minutes / s.expected_minutes) * 10_000) / 100
  return {
    expected_minutes: s.expected_minutes,
    covered_minutes: s.covered_minutes,
    pct,
    gap_threshold_minutes: threshold,
    gaps: s.gaps.map((g) => {
      const start = Math.max(g.start, lo)
      const end = Math.min(g.end, hi)
      return { cluster: g.cluster, apiserver: g.apiserver === '' ? null : g.apiserver, start: isoOfMinute(start), end: isoOfMinute(end), minutes: end - start }
    }),
    dead_letters: dead,
    rejected_at_ingest: rejected,
    dedup_drops: dedup,
  }
}

async function exceptionsOf(deps: ReportDeps, rules: readonly string[], period: Period, clusters: readonly string[], asOf: string): Promise<Exceptions & { pending: number }> {
  const q = { rule_ids: rules, clusters, start: period.start, end: period.end, as_of: asOf }
  const [findings, rows] = await Promise.all([deps.store.reviews.controlFindings(q), deps.store.reviews.controlHistories(q)])
  return tallyExceptions(deps.config, findings, rows, asOf)
}

type ControlFindingRow = Awaited<ReturnType<ReportDeps['store']['reviews']['controlFindings']>>[number]

/** The exceptions section from a control's findings and their transition rows, as of the snapshot. */
function tallyExceptions(config: EvidenceConfig, findings: readonly ControlFindingRow[], rows: readonly TransitionRecord[], asOf: string): Exceptions & { pending: number } {
  const byFinding = new Map<string, TransitionRecord[]>()
  for (const r of rows) {
    let list = byFinding.get(r.finding_id)
    if (list === undefined) byFinding.set(r.finding_id, (list = []))
    list.push(r)
  }
  const by_disposition = { true_positive: 0, approved_change: 0, false_positive: 0, risk_accepted: 0 }
  let open = 0
  let over = 0
  let pending = 0
  const items = findings.map((f) => {
    const t = deriveTriage(byFinding.get(f.finding_id) ?? [], asOf)
    const resolved = t.state === 'resolved'
    const over_sla = isOverSla(config.sla_hours, { severity: f.severity, detected_at: f.detected_at, resolved }, asOf)
    if (resolved && t.disposition !== null) by_disposition[t.disposition]++
    if (!resolved) open++
    if (over_sla) over++
    if (t.pending !== null) pending++
    return { finding_id: f.finding_id, rule_id: f.rule_id, severity: f.severity, cluster: f.cluster, event_time: f.event_time, state: t.state, disposition: resolved ? t.disposition : null, over_sla, pending_approval: t.pending !== null }
  })
  return { total: findings.length, by_disposition, open, over_sla: over, items, pending }
}

/** The status of a control from its sections (see status.ts). */
function statusOf(config: EvidenceConfig, control: { population_rules: readonly string[]; exception_rules: readonly string[] }, clusters: number, coverage: Coverage, exceptions: Exceptions & { pending: number }) {
  return assessStatus({
    population_rules: control.population_rules.length,
    exception_rules: control.exception_rules.length,
    clusters,
    coverage,
    min_coverage_pct: config.min_coverage_pct,
    exceptions: { open: exceptions.open, over_sla: exceptions.over_sla, true_positive: exceptions.by_disposition.true_positive, risk_accepted: exceptions.by_disposition.risk_accepted, pending_approval: exceptions.pending },
  })
}

export interface SummaryRow {
  id: string
  title: string
  status: EvidenceReport['status']
  report_id: string
  population_rows: number | null
  exceptions: number
  open: number
  over_sla: number
  coverage_pct: number
}

/**
 * Every control of a framework for one period, scope and snapshot: each
 * row has the status, report id and counts buildReport gives that control,
 * computed together: coverage once, the exceptions of every control from one
 * read of their findings and transitions, and the population row counts in
 * one pass over the stored events (countPopulations). Populations are counted,
 * not run: nothing is hashed or recorded (a control's report does that).
 */
export async function buildSummary(deps: ReportDeps, req: { framework: string; period: Period; clusters: readonly string[]; as_of?: string | undefined }): Promise<{ as_of: string; clusters: string[]; controls: SummaryRow[] }> {
  const controls = deps.catalog.controls(req.framework).map((c) => deps.catalog.control(c.framework, c.id))
  const clusters = [...new Set(req.clusters)].sort()
  const asOf = req.as_of === undefined ? defaultAsOf(req.period, deps.now()) : new Date(req.as_of).toISOString()
  const exceptionRules = [...new Set(controls.flatMap((c) => c.exception_rules))].sort()
  const q = { rule_ids: exceptionRules, clusters, start: req.period.start, end: req.period.end, as_of: asOf }
  const none = exceptionRules.length === 0 || clusters.length === 0
  const [coverage, findings, rows, populations] = await Promise.all([
    coverageOf(deps, req.period, clusters, asOf),
    none ? Promise.resolve([]) : deps.store.reviews.controlFindings(q),
    none ? Promise.resolve([]) : deps.store.reviews.controlHistories(q),
    deps.store.populations.counts({ keys: controls.filter((c) => c.population_rules.length > 0).map((c) => ({ key: c.id, rule_ids: c.population_rules })), clusters, start: req.period.start, end: req.period.end, as_of: asOf }),
  ])
  // A control with no population rules shows its first own-records population (as its report lists it first).
  const spec = { rule_ids: [], clusters, start: req.period.start, end: req.period.end, as_of: asOf }
  for (const c of controls) {
    const source = c.system_populations[0]
    if (c.population_rules.length > 0 || source === undefined || clusters.length === 0) continue
    const { query, params } = deps.store.populations.query(spec, source)
    populations.set(c.id, await deps.store.populations.count(query, params))
  }
  const rowsOf = new Map<string, TransitionRecord[]>()
  for (const r of rows) {
    let list = rowsOf.get(r.finding_id)
    if (list === undefined) rowsOf.set(r.finding_id, (list = []))
    list.push(r)
  }
  return {
    as_of: asOf,
    clusters,
    controls: controls.map((c) => {
      const rules = new Set(c.exception_rules)
      const mine = findings.filter((f) => rules.has(f.rule_id))
      const exceptions = tallyExceptions(deps.config, mine, mine.flatMap((f) => rowsOf.get(f.finding_id) ?? []), asOf)
      const { status } = statusOf(deps.config, c, clusters.length, coverage, exceptions)
      return {
        id: c.id,
        title: c.title,
        status,
        report_id: reportId(c.framework, c.id, req.period, clusters),
        population_rows: clusters.length === 0 ? null : (populations.get(c.id) ?? (c.population_rules.length > 0 ? 0 : null)),
        exceptions: exceptions.total,
        open: exceptions.open,
        over_sla: exceptions.over_sla,
        coverage_pct: coverage.pct,
      }
    }),
  }
}

/**
 * Assembles the evidence report for one framework × control × period ×
 * scope from stored data, as of a snapshot. Everything in it is a function
 * of the stored rows up to the snapshot, the rule packs and the config, so
 * the same inputs give the same bytes apart from generated.at.
 */
export async function buildReport(deps: ReportDeps, req: ReportRequest): Promise<EvidenceReport> {
  const control = deps.catalog.control(req.framework, req.control)
  const clusters = [...new Set(req.clusters)].sort()
  const asOf = req.as_of === undefined ? defaultAsOf(req.period, deps.now()) : new Date(req.as_of).toISOString()
  const spec = { rule_ids: control.population_rules, clusters, start: req.period.start, end: req.period.end, as_of: asOf }
  const name = populationName(control.framework, control.id)

  const [coverage, exceptions, population, ...own] = await Promise.all([
    req.coverage ?? coverageOf(deps, req.period, clusters, asOf),
    exceptionsOf(deps, control.exception_rules, req.period, clusters, asOf),
    control.population_rules.length === 0 || clusters.length === 0 ? Promise.resolve(undefined) : runPopulation(deps.store.populations, { name, spec }),
    ...(clusters.length === 0 ? [] : control.system_populations).map((source) => runPopulation(deps.store.populations, { name: populationName(control.framework, control.id, source), spec, source })),
  ])
  const populations = [...(population === undefined ? [] : [population]), ...own]
  const at = deps.now().toISOString()
  for (const p of populations) await deps.store.populations.save(populationRecord(p, { framework: control.framework, control: control.id, spec, by: req.by, at }))
  const { ledger, ledgerEvidence } = deps.store
  const [samples, attestations, integrity] = await Promise.all([
    deps.store.populations.samples({ framework: control.framework, control: control.id, start: req.period.start, end: req.period.end, clusters, asOf }),
    deps.store.reviews.attestations({ framework: control.framework, control: control.id, from: req.period.start, to: req.period.end, asOf, within: clusters }),
    deps.ledgerOrigin === undefined || ledger === undefined || ledgerEvidence === undefined ? Promise.resolve(null) : integrityOf({ ledger, ledgerEvidence, origin: deps.ledgerOrigin }, req.period, asOf),
  ])
  const { status, reasons } = statusOf(deps.config, control, clusters.length, coverage, exceptions)
  const { pending: _pending, ...exceptionsOut } = exceptions
  return EvidenceReport.parse({
    schema: 'vigil.evidence-report/v1',
    id: reportId(control.framework, control.id, req.period, clusters),
    framework: control.framework,
    control: { id: control.id, title: control.title, summary: control.summary },
    period: req.period,
    scope: { clusters },
    generated: { at, by: req.by, generator_version: deps.generatorVersion, rule_pack_version: deps.catalog.rulePackVersion, catalog_version: deps.catalog.catalogVersion(control.framework) },
    status,
    status_reasons: reasons,
    disclaimer: DISCLAIMER,
    coverage,
    populations,
    exceptions: exceptionsOut,
    samples: samples.map((s) => ({ id: s.sample_id, population: s.population_name, population_sha256: s.population_sha256, method: s.method, seed: s.seed, size: s.size, drawn_by: s.drawn_by, drawn_at: s.drawn_at })),
    attestations: attestations.map((a) => ({ id: a.attestation_id, reviewer: a.reviewer, role: a.role, at: a.at, covers: { start: a.period_start, end: a.period_end }, finding_count: a.finding_count, statement: a.statement })),
    integrity,
  })
}
