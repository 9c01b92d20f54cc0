import { canonicalJson, POPULATION_SOURCES, sha256, type EvidenceCatalog } from '@vigil/evidence'
import type { PopulationRow } from '@vigil/store'
import type { z } from 'zod'
import type { PopulationManifest } from './evidence-schemas.js'

/** The IPE manifest of a recorded population run (evidence-formats.md §5.2). */
export function populationManifest(run: PopulationRow, catalog: EvidenceCatalog, version: string): z.input<typeof PopulationManifest> {
  const params = JSON.parse(run.params) as Record<string, unknown>
  const source = POPULATION_SOURCES[run.source]
  return {
    type: 'vigil.population',
    v: 1,
    id: run.population_id,
    name: run.name,
    framework: run.framework,
    control: run.control,
    rule_ids: run.rule_ids,
    source: run.source,
    period: { start: new Date(run.period_start).toISOString(), end: new Date(run.period_end).toISOString(), boundary: '[start,end)', time_field: run.source === 'access_log' ? 'at' : 'requestReceivedTimestamp', timezone: 'UTC' },
    scope: { clusters: run.clusters },
    snapshot: { as_of: run.as_of, rule: source.snapshotRule },
    query: { text: run.query, text_sha256: sha256(run.query), params, params_jcs_sha256: sha256(canonicalJson(params)), query_sha256: run.query_sha256 },
    row_count: run.row_count,
    result_sha256: run.result_sha256,
    order_by: source.orderBy,
    files: [
      { path: `${run.name}.csv`, media_type: 'text/csv; charset=utf-8; header=present', url: `/v1/populations/${run.population_id}/export?format=csv` },
      { path: `${run.name}.csv-metadata.json`, media_type: 'application/csvm+json', url: `/v1/populations/${run.population_id}/csv-metadata` },
      { path: `${run.name}.ndjson`, media_type: 'application/x-ndjson', url: `/v1/populations/${run.population_id}/export?format=ndjson` },
    ],
    generator: { name: 'vigil', version, rule_pack: catalog.rulePackVersion },
    generated_at: run.created_at,
    generated_by: run.created_by,
  }
}
