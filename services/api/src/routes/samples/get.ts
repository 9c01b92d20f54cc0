import { AppError } from '@vigil/core'
import { lines } from '@vigil/evidence'
import type { PopulationRow, Store } from '@vigil/store'
import { defineRoute, type RouteDeps } from '../../route.js'
import { SampleBundle, SampleIdParams } from '../../evidence-schemas.js'
import { recordedPopulation } from '../populations/recorded.js'
import { sampleOut } from './sample-out.js'

export const getSample = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/samples/:id',
    operationId: 'getSample',
    summary: "A drawn sample with its evidence bundle: for each item the stored event, the findings about it and their full triage log (for an access-log population: the access record, no findings).",
    tags: ['samples'],
    roles: ['admin', 'analyst', 'auditor'],
    params: SampleIdParams,
    response: SampleBundle,
    errors: [400, 404],
    handler: async ({ params, principal }) => {
      const sample = await store.populations.sample(params.id)
      if (sample === undefined) throw new AppError('not_found', `no sample ${params.id}`)
      const run = await recordedPopulation(store, principal!, sample.population_id)
      if (run.source === 'access_log') return { ...sampleOut(sample, run.source), items: await accessRecordItems(store, run, sample.selected.map((s) => s.row_key)) }
      const keys = sample.selected.map((s) => {
        const [cluster = '', audit_id = '', stage = ''] = s.row_key.split('/')
        return { row_key: s.row_key, cluster, audit_id, stage }
      })
      const findings = await store.reviews.eventFindings(keys)
      const histories = await store.reviews.histories(findings.map((f) => f.finding_id))
      const items = await Promise.all(
        keys.map(async (k) => ({
          row_key: k.row_key,
          event: (await store.events.getRaw(k)) ?? null,
          findings: findings
            .filter((f) => f.cluster === k.cluster && f.audit_id === k.audit_id && f.stage === k.stage)
            .map((f) => ({ finding_id: f.finding_id, rule_id: f.rule_id, severity: f.severity, triage: histories.filter((h) => h.finding_id === f.finding_id) })),
        })),
      )
      return { ...sampleOut(sample, run.source), items }
    },
  })

/** The sampled access records, read by re-running the population (records have no other index than time). */
async function accessRecordItems(store: Pick<Store, 'populations'>, run: PopulationRow, keys: readonly string[]): Promise<{ row_key: string; event: unknown; findings: [] }[]> {
  const wanted = new Set(keys)
  const found = new Map<string, unknown>()
  const stream = await store.populations.stream(run.query, JSON.parse(run.params) as Record<string, unknown>, 'JSONEachRow')
  for await (const line of stream.pipe(lines()) as AsyncIterable<string>) {
    if (line === '') continue
    const record = JSON.parse(line) as { id: string }
    if (wanted.has(record.id)) found.set(record.id, record)
  }
  return keys.map((k) => ({ row_key: k, event: found.get(k) ?? null, findings: [] }))
}
