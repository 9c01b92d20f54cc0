import { z } from 'zod'
import { csvwMetadata, POPULATION_SOURCES } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { PopulationIdParams } from '../../evidence-schemas.js'
import { recordedPopulation } from './recorded.js'

export const getPopulationCsvMetadata = ({ store, version }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/populations/:id/csv-metadata',
    operationId: 'getPopulationCsvMetadata',
    summary: "The W3C CSVW description of a population's CSV export: every column's name, datatype and meaning.",
    tags: ['populations'],
    roles: ['admin', 'analyst', 'auditor'],
    params: PopulationIdParams,
    response: z.record(z.string(), z.unknown()),
    errors: [400, 404],
    handler: async ({ params, principal }) => {
      const run = await recordedPopulation(store, principal!, params.id)
      return csvwMetadata({ url: `${run.name}.csv`, title: `${run.name} (${run.framework} ${run.control})`, source: `vigil ${version}`, columns: POPULATION_SOURCES[run.source].csvColumns, primaryKey: POPULATION_SOURCES[run.source].primaryKey })
    },
  })
