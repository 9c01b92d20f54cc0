import { canonicalize } from '@vigil/ledger'
import type { EvidenceReport } from '../report.js'
import { percent, ruleTitle, triageOutcome, type ExceptionItem, type RenderContext } from './common.js'
import { list, prop, type Json } from './oscal-datatypes.js'

/**
 * The observations and risks of an OSCAL result: one observation per
 * population, one for coverage, one per sample and one per exception; a risk
 * per exception still open, pending a second approver, or accepted.
 */

/** The ids and shared parts the builders point at; all defined once by renderOscal. */
export interface OscalRefs {
  u: (what: string) => string
  partyUuid: (actor: string) => string
  clusterUuid: (cluster: string) => string
  popResUuid: (population: string) => string
  reportResUuid: string
  origins: Json[]
  subjects: Json[] | undefined
}

export function exceptionObservationUuid(refs: OscalRefs, i: ExceptionItem): string {
  return refs.u(`observation/exception/${i.finding_id}`)
}

export function populationObservations(report: EvidenceReport, refs: OscalRefs): Json[] {
  const { u, origins, subjects, popResUuid } = refs
  return report.populations.map((p) => ({
    uuid: u(`observation/population/${p.name}`),
    title: `Population: ${p.name}`,
    description:
      p.source === 'access_log'
        ? `Every request made to vigil's own API in the period whose scope reached the clusters in scope, allowed or refused (vigil's access log): ${p.row_count} rows, counted at snapshot ${p.snapshot.at} (${p.snapshot.boundary}).`
        : `Every stored event matched in the period and scope by the population rules ${p.rule_ids.join(', ') || '(none)'}: ${p.row_count} rows, counted at snapshot ${p.snapshot.at} (${p.snapshot.boundary}).`,
    props: list([
      prop('population-rows', p.row_count),
      prop('query-sha256', p.query_sha256),
      prop('result-sha256', p.result_sha256),
      prop('snapshot-at', p.snapshot.at),
    ]),
    methods: ['TEST'],
    types: ['control-objective'],
    origins,
    subjects,
    'relevant-evidence': [{ href: `#${popResUuid(p.name)}`, description: 'The population export; its SHA-256 is on the back-matter resource.' }],
    collected: p.snapshot.at,
    remarks: `Query (SHA-256 of the canonical JSON of {query, params} is query-sha256):\n${p.query}\nParameters: ${canonicalize(p.params)}`,
  }))
}

export function coverageObservation(report: EvidenceReport, refs: OscalRefs): Json {
  const { u, origins, subjects, reportResUuid } = refs
  const generatedAt = report.generated.at
  const cov = report.coverage
  const gapMinutes = cov.gaps.reduce((n, g) => n + g.minutes, 0)
  return {
    uuid: u('observation/coverage'),
    title: 'Audit stream coverage',
    description:
      `Coverage ${percent(cov.pct)} of expected minutes (${cov.covered_minutes} of ${cov.expected_minutes}); ${cov.gaps.length} gap(s) longer than ${cov.gap_threshold_minutes} min totalling ${gapMinutes} min. ` +
      `Dead letters ${cov.dead_letters}, events rejected at ingest ${cov.rejected_at_ingest}, duplicates dropped ${cov.dedup_drops}.`,
    props: list([
      prop('coverage-pct', cov.pct),
      prop('expected-minutes', cov.expected_minutes),
      prop('covered-minutes', cov.covered_minutes),
      prop('gap-threshold-minutes', cov.gap_threshold_minutes),
      prop('gap-count', cov.gaps.length),
      prop('dead-letters', cov.dead_letters),
      prop('rejected-at-ingest', cov.rejected_at_ingest),
      prop('dedup-drops', cov.dedup_drops),
    ]),
    methods: ['TEST'],
    types: ['control-objective'],
    origins,
    subjects,
    'relevant-evidence': [{ href: `#${reportResUuid}`, description: 'The coverage section of the native report, with every gap.' }],
    collected: generatedAt,
    remarks: list(cov.gaps.map((g) => `${g.cluster}${g.apiserver === null ? '' : `/${g.apiserver}`}: silent from ${g.start} to ${g.end} (${g.minutes} min)`))?.join('\n'),
  }
}

export function sampleObservations(report: EvidenceReport, refs: OscalRefs): Json[] {
  const { u, subjects, partyUuid } = refs
  return report.samples.map((s) => ({
    uuid: u(`observation/sample/${s.id}`),
    title: `Sample ${s.id} of ${s.population}`,
    description:
      s.method === 'seeded_random'
        ? `${s.size} items drawn at random from population ${s.population} (SHA-256 ${s.population_sha256}) with seed ${s.seed ?? '(none)'}; re-drawing with the same seed and population hash selects the same items.`
        : `${s.size} items chosen by ${s.drawn_by} from population ${s.population} (SHA-256 ${s.population_sha256}).`,
    props: list([prop('sample-id', s.id), prop('sample-method', s.method), s.seed === null ? undefined : prop('sample-seed', s.seed), prop('sample-size', s.size), prop('population-sha256', s.population_sha256)]),
    methods: ['EXAMINE'],
    types: ['control-objective'],
    origins: [{ actors: [{ type: 'party', 'actor-uuid': partyUuid(s.drawn_by), 'role-id': 'auditor' }] }],
    subjects,
    collected: s.drawn_at,
  }))
}

export function exceptionObservations(report: EvidenceReport, ctx: RenderContext, refs: OscalRefs): Json[] {
  const { origins, clusterUuid } = refs
  return report.exceptions.items.map((i) => {
    const outcome = triageOutcome(i)
    return {
      uuid: exceptionObservationUuid(refs, i),
      title: `${ruleTitle(ctx, i.rule_id)} (${i.finding_id})`,
      description: `Rule ${i.rule_id} fired on cluster ${i.cluster} at ${i.event_time}; severity ${i.severity}; ${describeOutcome(i)}.`,
      props: list([
        prop('finding-id', i.finding_id),
        prop('rule-id', i.rule_id),
        prop('severity', i.severity),
        prop('triage-state', i.state),
        i.disposition === null ? undefined : prop('disposition', i.disposition),
        prop('over-sla', i.over_sla),
        prop('pending-approval', i.pending_approval),
      ]),
      methods: ['TEST'],
      types: ['finding'],
      origins,
      subjects: [{ 'subject-uuid': clusterUuid(i.cluster), type: 'component' }],
      collected: i.event_time,
      remarks: outcome === 'approved_change' ? 'An authorized change: not a risk.' : outcome === 'false_positive' ? 'Dispositioned as a false positive.' : undefined,
    }
  })
}

const RISK_STATUS: Partial<Record<ReturnType<typeof triageOutcome>, string>> = {
  open: 'open',
  investigating: 'investigating',
  'deviation-requested': 'deviation-requested',
  risk_accepted: 'deviation-approved',
}

/** Risks: exceptions still open (or pending a second approver), and accepted risks. */
export function risks(report: EvidenceReport, ctx: RenderContext, refs: OscalRefs): Json[] {
  const { u } = refs
  return report.exceptions.items.flatMap((i) => {
    const status = RISK_STATUS[triageOutcome(i)]
    if (status === undefined) return []
    return [
      {
        uuid: u(`risk/${i.finding_id}`),
        title: `${ruleTitle(ctx, i.rule_id)} on ${i.cluster}`,
        description: `Exception ${i.finding_id}: ${describeOutcome(i)}.`,
        statement: `Rule ${i.rule_id} (severity ${i.severity}) fired on cluster ${i.cluster} at ${i.event_time}${i.over_sla ? ', and the finding is past its triage SLA' : ''}.`,
        props: list([prop('finding-id', i.finding_id), prop('over-sla', i.over_sla)]),
        status,
        'related-observations': [{ 'observation-uuid': exceptionObservationUuid(refs, i) }],
      },
    ]
  })
}

function describeOutcome(i: ExceptionItem): string {
  const sla = i.over_sla ? ', past its SLA' : ''
  switch (triageOutcome(i)) {
    case 'open':
      return `open${sla}`
    case 'investigating':
      return `acknowledged, not yet resolved${sla}`
    case 'deviation-requested':
      return `a ${i.disposition ?? 'resolution'} request waits for a second approver${sla}`
    default:
      return `resolved as ${i.disposition}`
  }
}
