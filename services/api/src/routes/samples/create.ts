import { AppError, actorLabel } from '@vigil/core'
import { lines, POPULATION_SOURCES, RankSelector, sampleId, suggestedSampleSize } from '@vigil/evidence'
import type { SampleRow } from '@vigil/store'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { SampleBody, SampleOut } from '../../evidence-schemas.js'
import { recordedPopulation } from '../populations/recorded.js'
import { sampleOut } from './sample-out.js'

export const createSample = ({ store, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/samples',
    operationId: 'createSample',
    summary: 'Draw a sample from a recorded population: seeded random (sha256-rank/v1, reproducible from the seed and the population) or items the auditor chose. Every draw is recorded with who drew it.',
    tags: ['samples'],
    roles: ['admin', 'analyst', 'auditor'],
    body: SampleBody,
    response: SampleOut,
    errors: [400, 404, 422],
    handler: async ({ body, principal }) => {
      const run = await recordedPopulation(store, principal!, body.population_id)
      const { rowKey } = POPULATION_SOURCES[run.source]
      const keys = async function* () {
        const stream = await store.populations.stream(run.query, JSON.parse(run.params) as Record<string, unknown>, 'JSONEachRow')
        for await (const line of stream.pipe(lines()) as AsyncIterable<string>) {
          if (line !== '') yield rowKey(JSON.parse(line) as Record<string, unknown>)
        }
      }
      let selected: SampleRow['selected']
      let size: number
      let basis: string
      if (body.items !== undefined) {
        const wanted = new Set(body.items)
        if (wanted.size > run.row_count) throw new AppError('sample_too_large', `${wanted.size} items asked from a population of ${run.row_count}`)
        const found = new Set<string>()
        for await (const k of keys()) if (wanted.has(k)) found.add(k)
        const missing = [...wanted].filter((k) => !found.has(k))
        if (missing.length > 0) throw new AppError('sample_too_large', `${missing.length} item(s) are not in population ${run.population_id}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`)
        selected = body.items.filter((k, i) => body.items!.indexOf(k) === i).map((row_key) => ({ row_key, rank: null }))
        size = selected.length
        basis = 'items chosen by the auditor'
      } else {
        const suggestion = suggestedSampleSize(run.row_count)
        size = body.size ?? suggestion.size
        basis = body.size === undefined ? `suggested: ${suggestion.basis}` : 'chosen by the requester'
        if (size > run.row_count) throw new AppError('sample_too_large', `a sample of ${size} asked from a population of ${run.row_count}`)
        const selector = new RankSelector(body.seed!, size)
        for await (const k of keys()) selector.offer(k)
        selected = selector.selected()
      }
      const at = now().toISOString()
      const by = actorLabel(actorOf(principal!))
      const row: SampleRow = {
        sample_id: sampleId(run.population_id, by, at, body.seed ?? null),
        population_id: run.population_id,
        population_name: run.name,
        population_sha256: run.result_sha256,
        population_rows: run.row_count,
        method: body.items === undefined ? 'seeded_random' : 'auditor',
        seed: body.seed ?? null,
        size,
        size_basis: basis,
        drawn_by: by,
        drawn_at: at,
        selected,
      }
      await store.populations.saveSample(row)
      return sampleOut(row, run.source)
    },
  })
