import { AppError, actorLabel } from '@vigil/core'
import { defaultAsOf, populationName, populationRecord, runPopulation, type EvidenceCatalog } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { PopulationManifest, PopulationQuery } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'
import { populationManifest } from '../../population-manifest.js'

export const getPopulation = ({ store, evidence, version, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/populations',
    operationId: 'getPopulation',
    summary:
      "Run a control's population (every stored event its population rules matched in the period and scope, as of a snapshot; or, with source=access_log, every request to vigil's own API in the period and scope), record the run, and return its manifest: exact SQL, parameters, hashes, row count.",
    tags: ['populations'],
    roles: ['admin', 'analyst', 'auditor'],
    query: PopulationQuery,
    response: PopulationManifest,
    errors: [400, 404],
    handler: async ({ query, principal }) => {
      const control = evidence.catalog.control(query.framework, query.control)
      if (query.source === 'access_log' && !control.system_populations.includes('access_log')) {
        throw new AppError('invalid_query', `${control.framework} ${control.id} does not cite vigil's access log as a population; source=access_log is for ${citingAccessLog(evidence.catalog).join(', ')}`)
      }
      const period = periodOf({ evidence }, query.start, query.end)
      const clusters = await evidenceScope(store, principal!, query.cluster)
      const asOf = query.as_of === undefined ? defaultAsOf(period, now()) : new Date(query.as_of).toISOString()
      const spec = { rule_ids: control.population_rules, clusters, start: period.start, end: period.end, as_of: asOf }
      const population = await runPopulation(store.populations, { name: populationName(control.framework, control.id, query.source), spec, source: query.source })
      const run = populationRecord(population, { framework: control.framework, control: control.id, spec, by: actorLabel(actorOf(principal!)), at: now().toISOString() })
      await store.populations.save(run)
      return populationManifest(run, evidence.catalog, version)
    },
  })

function citingAccessLog(catalog: EvidenceCatalog): string[] {
  return catalog.frameworks.flatMap((f) => catalog.controls(f).filter((c) => c.system_populations.includes('access_log')).map((c) => `${c.framework} ${c.id}`))
}
