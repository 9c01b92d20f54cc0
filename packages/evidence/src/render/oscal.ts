import type { EvidenceReport } from '../report.js'
import { FRAMEWORK_LABEL, catalogName, controlLabel, objectiveSatisfied, periodLabel, type RenderContext } from './common.js'
import { list, oscalControlId, prop, str, type Json } from './oscal-datatypes.js'
import { coverageObservation, exceptionObservations, populationObservations, risks, sampleObservations, type OscalRefs } from './oscal-observations.js'
import { uuidV5 } from './uuid-v5.js'

/**
 * OSCAL 1.1.3 assessment-results from an evidence report
 * (notes/evidence-formats.md §1, notes/compliance-mapping.md §5.4).
 *
 * Every uuid is a UUIDv5 of `<report id>#<what>`, so re-rendering a report
 * gives the same document, and every `*-uuid` and `#uuid` reference names
 * something in the document. Empty arrays are left out (the schema's
 * `minItems: 1`), and string values that the schema types as StringDatatype are
 * trimmed and dropped when empty.
 */

export const OSCAL_VERSION = '1.1.3'
export { OSCAL_PROP_NS, oscalControlId } from './oscal-datatypes.js'

export interface OscalOptions {
  /** SHA-256 of the native report JSON (`renderJson`), recorded on its back-matter resource. */
  reportSha256: string
}

export function renderOscal(report: EvidenceReport, ctx: RenderContext, opts: OscalOptions): Json {
  const rid = report.id
  const u = (what: string): string => uuidV5(`${rid}#${what}`)
  const controlId = oscalControlId(report.framework, report.control.id)
  const label = controlLabel(report)
  const generatedAt = report.generated.at

  // People: the requester and every reviewer and sampler, one party each.
  const partyUuid = (actor: string): string => u(`party/${actor}`)
  const actors = [...new Set([report.generated.by, ...report.attestations.map((a) => a.reviewer), ...report.samples.map((s) => s.drawn_by)])].sort()
  const parties = actors.map((a) => ({ uuid: partyUuid(a), type: a.startsWith('principal:') ? 'person' : 'organization', name: str(a, 'unknown') }))
  const reviewers = [...new Set(report.attestations.map((a) => a.reviewer))].sort()
  const samplers = [...new Set(report.samples.map((s) => s.drawn_by))].sort()

  const toolUuid = u('component/vigil')
  const clusterUuid = (c: string): string => u(`component/cluster/${c}`)
  const subjects = list(report.scope.clusters.map((c) => ({ 'subject-uuid': clusterUuid(c), type: 'component' })))
  // Every cluster an observation names gets a component, in scope or not, so every subject-uuid resolves.
  const clusters = [...new Set([...report.scope.clusters, ...report.exceptions.items.map((i) => i.cluster), ...report.coverage.gaps.map((g) => g.cluster)])].sort()
  const origins = [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }]

  // Back-matter: the assessment "plan" (rule pack + catalog), the native report, each population export.
  const planUuid = u('resource/plan')
  const reportResUuid = u('resource/report')
  const popResUuid = (name: string): string => u(`resource/population/${name}`)
  const resources: Json[] = [
    {
      uuid: planUuid,
      title: 'vigil continuous assessment plan',
      description: `Rule pack ${report.generated.rule_pack_version} evaluated against the ${catalogName(report, ctx)} catalog, version ${report.generated.catalog_version}. vigil has no separate assessment plan: the rules and the catalog are the plan.`,
      props: list([prop('rule-pack-sha256', report.generated.rule_pack_version), prop('catalog-version', report.generated.catalog_version)]),
    },
    {
      uuid: reportResUuid,
      title: `Native evidence report ${rid}`,
      description: 'The source of truth every other export is rendered from: RFC 8785 canonical JSON.',
      rlinks: [{ href: 'report.json', 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: opts.reportSha256 }] }],
    },
    ...report.populations.map((p) => ({
      uuid: popResUuid(p.name),
      title: `Population ${p.name}`,
      description: `The ${p.row_count} stored records of the population, one JSON object per line, in export order.`,
      rlinks: [{ href: `populations/${p.name}.ndjson`, 'media-type': 'application/x-ndjson', hashes: [{ algorithm: 'SHA-256', value: p.result_sha256 }] }],
    })),
  ]

  const refs: OscalRefs = { u, partyUuid, clusterUuid, popResUuid, reportResUuid, origins, subjects }
  const riskList = risks(report, ctx, refs)
  const observations = [...populationObservations(report, refs), coverageObservation(report, refs), ...sampleObservations(report, refs), ...exceptionObservations(report, ctx, refs)]
  const satisfied = objectiveSatisfied(report)
  const reasons = report.status_reasons.join('; ')
  const findings =
    report.status === 'not_applicable'
      ? undefined
      : [
          {
            uuid: u('finding/objective'),
            title: `${label} automated assessment: ${report.status.replace(/_/g, ' ')}`,
            description: `${report.exceptions.total} exception(s); ${report.exceptions.total - report.exceptions.open} resolved, ${report.exceptions.open} open, ${report.exceptions.over_sla} past SLA. ${reasons}`.trim(),
            props: list([prop('assessment-status', report.status)]),
            target: {
              type: 'objective-id',
              'target-id': `${controlId}_obj`,
              title: `${label} ${report.control.title}`,
              status: { state: satisfied ? 'satisfied' : 'not-satisfied', reason: satisfied ? 'pass' : report.status === 'insufficient_evidence' ? 'other' : 'fail' },
              remarks:
                report.status === 'exceptions_noted' && satisfied
                  ? 'Exceptions were noted; every one was resolved as an approved change or a false positive.'
                  : report.status === 'insufficient_evidence'
                    ? `Insufficient evidence: ${reasons}`
                    : undefined,
            },
            origins,
            'related-observations': observations.map((o) => ({ 'observation-uuid': o['uuid'] })),
            'related-risks': list(riskList.map((r) => ({ 'risk-uuid': r['uuid'] }))),
          },
        ]

  const attestations = list(
    report.attestations.map((a) => ({
      'responsible-parties': [{ 'role-id': 'reviewer', 'party-uuids': [partyUuid(a.reviewer)] }],
      parts: [
        {
          uuid: u(`attestation/${a.id}`),
          name: 'attestation',
          title: `Reviewer sign-off ${a.id}`,
          props: list([prop('attestation-id', a.id), prop('reviewer-role', a.role), prop('finding-count', a.finding_count)]),
          prose: `${a.statement}\n\nSigned by ${a.reviewer} (${a.role}) at ${a.at}, covering ${a.covers.start} to ${a.covers.end} and ${a.finding_count} finding(s).`,
        },
      ],
    })),
  )

  const logEntries = [
    {
      uuid: u('log/generated'),
      title: 'Report generated',
      description: `vigil ${report.generated.generator_version} assessed ${label} for ${periodLabel(report)} on ${report.scope.clusters.join(', ') || 'no cluster'}.`,
      start: generatedAt,
      'logged-by': [{ 'party-uuid': partyUuid(report.generated.by), 'role-id': 'assessment-tool-operator' }],
    },
    ...report.samples.map((s) => ({
      uuid: u(`log/sample/${s.id}`),
      title: `Sample ${s.id} drawn (${s.method}, ${s.size} items)`,
      start: s.drawn_at,
      'logged-by': [{ 'party-uuid': partyUuid(s.drawn_by), 'role-id': 'auditor' }],
    })),
    ...report.attestations.map((a) => ({
      uuid: u(`log/attestation/${a.id}`),
      title: `Period sign-off ${a.id}`,
      description: a.statement,
      start: a.at,
      'logged-by': [{ 'party-uuid': partyUuid(a.reviewer), 'role-id': 'reviewer' }],
    })),
  ].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))

  const roles = [
    { id: 'assessment-tool-operator', title: 'Who asked vigil for the report' },
    ...(reviewers.length > 0 ? [{ id: 'reviewer', title: 'Control owner or reviewer who signed off the period' }] : []),
    ...(samplers.length > 0 ? [{ id: 'auditor', title: 'Auditor who drew a sample' }] : []),
  ]
  const responsibleParties = list([
    { 'role-id': 'assessment-tool-operator', 'party-uuids': [partyUuid(report.generated.by)] },
    reviewers.length > 0 ? { 'role-id': 'reviewer', 'party-uuids': reviewers.map(partyUuid) } : undefined,
    samplers.length > 0 ? { 'role-id': 'auditor', 'party-uuids': samplers.map(partyUuid) } : undefined,
  ])

  const controlSelection =
    report.status === 'not_applicable'
      ? { 'exclude-controls': [{ 'control-id': controlId }], remarks: `Not applicable: ${reasons}` }
      : { 'include-controls': [{ 'control-id': controlId }] }

  const integrity = report.integrity
  return {
    'assessment-results': {
      uuid: u('document'),
      metadata: {
        title: `vigil automated assessment — ${label} — ${periodLabel(report)} — ${report.scope.clusters.join(', ') || 'no cluster'}`,
        'last-modified': generatedAt,
        version: str(rid, 'unversioned'),
        'oscal-version': OSCAL_VERSION,
        props: list([prop('report-id', rid), prop('framework', FRAMEWORK_LABEL[report.framework]), prop('control', report.control.id)]),
        roles,
        parties,
        'responsible-parties': responsibleParties,
        remarks: report.disclaimer,
      },
      'import-ap': { href: `#${planUuid}`, remarks: 'vigil has no separate assessment plan; this points at the back-matter resource naming the rule pack and catalog.' },
      results: [
        {
          uuid: u('result'),
          title: `${label} automated assessment, ${periodLabel(report)}`,
          description: `Kubernetes API audit events from ${report.scope.clusters.join(', ') || 'no cluster'} evaluated by vigil ${report.generated.generator_version} (rule pack ${report.generated.rule_pack_version.slice(0, 12)}…). ${report.disclaimer}`,
          start: report.period.start,
          end: report.period.end,
          props: list([
            prop('report-id', rid),
            prop('assessment-status', report.status),
            prop('generator-version', report.generated.generator_version),
            prop('rule-pack-sha256', report.generated.rule_pack_version),
            prop('catalog-version', report.generated.catalog_version),
            integrity === null ? undefined : prop('ledger-root', integrity.ledger_root),
            integrity === null ? undefined : prop('ledger-range', `${integrity.ledger_range.from}/${integrity.ledger_range.to}`),
            ...(integrity?.anchors ?? []).map((a) => prop('ledger-anchor', a)),
          ]),
          'local-definitions': {
            components: [
              {
                uuid: toolUuid,
                type: 'software',
                title: `vigil ${report.generated.generator_version}`,
                description: 'Streaming compliance analyzer for Kubernetes audit logs.',
                status: { state: 'operational' },
              },
              ...clusters.map((c) => ({
                uuid: clusterUuid(c),
                type: 'system',
                title: `Kubernetes cluster ${c}`,
                description: report.scope.clusters.includes(c) ? 'In-scope cluster; its API server audit stream is the evidence.' : 'A cluster named by the evidence but not in the report scope.',
                status: { state: 'operational' },
              })),
            ],
          },
          'reviewed-controls': { 'control-selections': [controlSelection] },
          attestations,
          'assessment-log': { entries: logEntries },
          observations,
          risks: list(riskList),
          findings,
          remarks: report.status_reasons.length > 0 ? report.status_reasons.join('\n') : undefined,
        },
      ],
      'back-matter': { resources },
    },
  }
}
