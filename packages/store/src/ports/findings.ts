import type { Finding } from '@vigil/core'
import type { Page } from '../page.js'
import type { StoreOps } from '../store-ops.js'
import { FINDINGS_TABLE, getFinding, insertFindings, listFindings, type FindingQuery } from '../tables/findings.js'

/** Findings: what the rules concluded, one row per (rule, event). */
export interface FindingStore {
  write(findings: readonly Finding[]): Promise<void>
  list(q: FindingQuery): Promise<Page<Finding>>
  /** One finding, if it exists and lies in `clusters` (undefined: any cluster). */
  get(id: string, clusters?: string[]): Promise<Finding | undefined>
}

export function createFindingStore(ops: StoreOps): FindingStore {
  const { client } = ops
  return {
    write: (findings) => ops.write(FINDINGS_TABLE, 'writing findings', () => insertFindings(client, findings, ops.now().toISOString())),
    list: (q) => ops.read('listing findings', () => listFindings(client, q)),
    get: (id, clusters) => ops.read('reading a finding', () => getFinding(client, id, clusters)),
  }
}
