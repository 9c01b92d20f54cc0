import { z } from 'zod'
import { csvExport, csvRecordsExport, CSV_MEDIA_TYPE, POPULATION_SOURCES } from '@vigil/evidence'
import { accessLogPopulationCsvQuery, populationCsvQuery } from '@vigil/store'
import { defineRoute, type RouteDeps } from '../../route.js'
import { ExportQuery, PopulationIdParams } from '../../evidence-schemas.js'
import { recordedPopulation } from './recorded.js'

export const exportPopulation = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/populations/:id/export',
    operationId: 'exportPopulation',
    summary: "Stream a recorded population: RFC 4180 CSV (UTF-8 BOM, CRLF, formula guard; columns documented at …/csv-metadata) or NDJSON of the exact stored records, whose SHA-256 is the run's result_sha256. The stored query is re-executed at its snapshot; nothing is held in memory.",
    tags: ['populations'],
    roles: ['admin', 'analyst', 'auditor'],
    params: PopulationIdParams,
    query: ExportQuery,
    response: z.string().describe('The file: CSV text or NDJSON lines'),
    produces: [CSV_MEDIA_TYPE, 'application/x-ndjson'],
    errors: [400, 404],
    handler: async ({ params, query, principal }) => {
      const run = await recordedPopulation(store, principal!, params.id)
      const queryParams = JSON.parse(run.params) as Record<string, unknown>
      const file = `${run.name}.${query.format}`
      const headers = { 'content-disposition': `attachment; filename="${file}"`, 'x-vigil-population-sha256': run.result_sha256 }
      return query.format === 'ndjson'
        ? { stream: await store.populations.stream(run.query, queryParams, 'JSONEachRow'), contentType: 'application/x-ndjson', headers }
        : run.source === 'audit_events'
          ? { stream: csvRecordsExport(await store.populations.stream(populationCsvQuery(run.query), queryParams, 'RawBLOB'), query.bom), contentType: CSV_MEDIA_TYPE, headers }
          : { stream: csvExport(await store.populations.stream(accessLogPopulationCsvQuery(run.query), queryParams, 'JSONCompactEachRow'), query.bom, POPULATION_SOURCES[run.source].csvColumns), contentType: CSV_MEDIA_TYPE, headers }
    },
  })
