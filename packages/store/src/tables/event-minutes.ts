import type { ClickHouseClient } from '@clickhouse/client'

export const EVENT_MINUTES_TABLE = 'event_minutes_v1'

/**
 * What arrived, per cluster and apiserver, around a window [lo, hi) of whole
 * minutes (epoch minutes): the minutes with events inside it, the last one
 * before it, the first one after it, and the first one ever.
 */
export interface ArrivalMinutes {
  cluster: string
  apiserver: string
  first_ever: number
  last_before: number | null
  first_after: number | null
  minutes: number[]
}

export async function arrivalMinutes(client: ClickHouseClient, q: { clusters?: readonly string[] | undefined; lo: number; hi: number }): Promise<ArrivalMinutes[]> {
  const scoped = q.clusters !== undefined
  const rs = await client.query({
    query: `SELECT cluster, apiserver,
  min(m) AS first_ever,
  countIf(m < {lo:Int64}) AS n_before, maxIf(m, m < {lo:Int64}) AS last_before,
  countIf(m >= {hi:Int64}) AS n_after, minIf(m, m >= {hi:Int64}) AS first_after,
  arraySort(groupArrayIf(m, m >= {lo:Int64} AND m < {hi:Int64})) AS minutes
FROM (SELECT DISTINCT cluster, apiserver, intDiv(toUnixTimestamp(minute), 60) AS m FROM ${EVENT_MINUTES_TABLE}${scoped ? ' WHERE cluster IN {clusters:Array(String)}' : ''})
GROUP BY cluster, apiserver
ORDER BY cluster, apiserver`,
    query_params: { lo: q.lo, hi: q.hi, clusters: q.clusters ?? [] },
    format: 'JSONEachRow',
  })
  const rows = await rs.json<{ cluster: string; apiserver: string; first_ever: number; n_before: number; last_before: number; n_after: number; first_after: number; minutes: number[] }>()
  return rows.map((r) => ({
    cluster: r.cluster,
    apiserver: r.apiserver,
    first_ever: Number(r.first_ever),
    last_before: Number(r.n_before) > 0 ? Number(r.last_before) : null,
    first_after: Number(r.n_after) > 0 ? Number(r.first_after) : null,
    minutes: r.minutes.map(Number),
  }))
}

/** Every cluster that ever sent an event, sorted. */
export async function knownClusters(client: ClickHouseClient): Promise<string[]> {
  const rs = await client.query({ query: `SELECT DISTINCT cluster FROM ${EVENT_MINUTES_TABLE} ORDER BY cluster`, format: 'JSONEachRow' })
  return (await rs.json<{ cluster: string }>()).map((r) => r.cluster)
}
