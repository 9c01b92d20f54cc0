import { actorLabel } from '@vigil/core'
import { defaultAsOf, populationName, populationRecord, runPopulation } from '@vigil/evidence'
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
    summary: "Run a control's population (every stored event its population rules matched in the period and scope, as of a snapshot), record the run, and return its manifest: exact SQL, parameters, hashes, row count.",
    tags: ['populations'],
    roles: ['admin', 'analyst', 'auditor'],
    query: PopulationQuery,
    response: PopulationManifest,
    errors: [400, 404],
    handler: async ({ query, principal }) => {
      const control = evidence.catalog.control(query.framework, query.control)
      const period = periodOf({ evidence }, query.start, query.end)
      const clusters = await evidenceScope(store, principal!, query.cluster)
      const asOf = query.as_of === undefined ? defaultAsOf(period, now()) : new Date(query.as_of).toISOString()
      const spec = { rule_ids: control.population_rules, clusters, start: period.start, end: period.end, as_of: asOf }
      const population = await runPopulation(store.populations, { name: populationName(control.framework, control.id), spec })
      const run = populationRecord(population, { framework: control.framework, control: control.id, spec, by: actorLabel(actorOf(principal!)), at: now().toISOString() })
      await store.populations.save(run)
      return populationManifest(run, evidence.catalog, version)
    },
  })
