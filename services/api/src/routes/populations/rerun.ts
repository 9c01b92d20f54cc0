import { rerunPopulation } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { PopulationIdParams, RerunResult } from '../../evidence-schemas.js'
import { recordedPopulation } from './recorded.js'

export const rerunPopulationRoute = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/populations/:id/rerun',
    operationId: 'rerunPopulation',
    summary: 'Re-execute a recorded population with its exact SQL and parameters (snapshot included) and compare: same row count and hash, or what changed.',
    tags: ['populations'],
    roles: ['admin', 'analyst', 'auditor'],
    params: PopulationIdParams,
    response: RerunResult,
    errors: [400, 404],
    handler: async ({ params, principal }) => {
      const run = await recordedPopulation(store, principal!, params.id)
      return { id: run.population_id, ...(await rerunPopulation(store.populations, run)) }
    },
  })
