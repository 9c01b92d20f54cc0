import type { AccessRecord } from '@vigil/core'
import type { Page } from '../page.js'
import { API_RECORD_TYPES, sealThenWrite } from '../api-ledger.js'
import type { StoreOps } from '../store-ops.js'
import { ACCESS_LOG_TABLE, insertAccessRecords, listAccessRecords, type AccessLogQuery } from '../tables/access-log.js'

/** The API access log: every request, allowed or refused. Append-only. */
export interface AccessLogStore {
  write(records: readonly AccessRecord[]): Promise<void>
  list(q: AccessLogQuery): Promise<Page<AccessRecord>>
}

export function createAccessLogStore(ops: StoreOps): AccessLogStore {
  const { client } = ops
  return {
    write: (records) => sealThenWrite(ops, API_RECORD_TYPES.access, records, () => ops.write(ACCESS_LOG_TABLE, 'writing the access log', () => insertAccessRecords(client, records))),
    list: (q) => ops.read('reading the access log', () => listAccessRecords(client, q)),
  }
}
