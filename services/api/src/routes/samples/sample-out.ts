import { POPULATION_SOURCES, SHA256_RANK_DESCRIPTION, SHA256_RANK_V1 } from '@vigil/evidence'
import type { PopulationSource, SampleRow } from '@vigil/store'
import type { z } from 'zod'
import type { SampleOut } from '../../evidence-schemas.js'

/** A stored sample in the shape of evidence-formats.md §5.4 (fixtures/…/sample-smp-0001.json). */
export function sampleOut(row: SampleRow, source: PopulationSource): z.input<typeof SampleOut> {
  const row_key = POPULATION_SOURCES[source].rowKeyDescription
  return {
    type: 'vigil.sample',
    v: 1,
    sample_id: row.sample_id,
    population: { id: row.population_id, name: row.population_name, result_sha256: row.population_sha256, row_count: row.population_rows },
    method:
      row.method === 'seeded_random'
        ? { id: SHA256_RANK_V1, description: SHA256_RANK_DESCRIPTION, row_key }
        : { id: 'auditor-selected', description: 'items chosen by the auditor, in the order given', row_key },
    seed: row.seed,
    size: row.size,
    size_basis: row.size_basis,
    drawn_at: row.drawn_at,
    drawn_by: row.drawn_by,
    selected: row.selected,
  }
}
