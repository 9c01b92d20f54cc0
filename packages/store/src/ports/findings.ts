import type { Finding } from '@vigil/core'
import type { Page } from '../page.js'
import type { StoreOps } from '../store-ops.js'
import { countFindings, countFindingsBy, FINDINGS_TABLE, getFinding, insertFindings, listFindings, type FindingFilter, type FindingGroupBy, type FindingQuery } from '../tables/findings.js'

/** Findings: what the rules concluded, one row per (rule, event). */
export interface FindingStore {
  write(findings: readonly Finding[]): Promise<void>
  list(q: FindingQuery): Promise<Page<Finding>>
  /** One finding, if it exists and lies in `clusters` (undefined: any cluster). */
  get(id: string, clusters?: string[]): Promise<Finding | undefined>
  /** The exact number matching a filter. */
  count(q: FindingFilter): Promise<number>
  /** Exact counts per rule, severity, cluster or day, for dashboards. */
  countBy(q: FindingFilter, by: FindingGroupBy): Promise<{ key: string; count: number }[]>
}

export function createFindingStore(ops: StoreOps): FindingStore {
  const { client } = ops
  return {
    write: (findings) => ops.write(FINDINGS_TABLE, 'writing findings', () => insertFindings(client, findings, ops.now().toISOString())),
    list: (q) => ops.read('listing findings', () => listFindings(client, q)),
    get: (id, clusters) => ops.read('reading a finding', () => getFinding(client, id, clusters)),
    count: (q) => ops.read('counting findings', () => countFindings(client, q)),
    countBy: (q, by) => ops.read('counting findings', () => countFindingsBy(client, q, by)),
  }
}
