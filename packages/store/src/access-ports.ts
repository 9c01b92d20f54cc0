import type { ClickHouseClient } from '@clickhouse/client'
import type { AccessRecord, StoredToken } from '@vigil/core'
import { toStoreError } from './client.js'
import type { Page } from './page.js'
import { insertAccessRecords, listAccessRecords, type AccessLogQuery } from './tables/access-log.js'
import { insertTokens, insertTokenUses, loadTokens, type TokenRecord } from './tables/tokens.js'

/**
 * Managed tokens: the credentials admins create, rotate and revoke. Holds
 * digests only. Every change is a new row version, so the table is also
 * the history of who changed access.
 */
export interface TokenStore {
  /** Every token's newest version, revoked and expired ones included, with its last use. */
  listTokens(): Promise<TokenRecord[]>
  getToken(id: string): Promise<TokenRecord | undefined>
  /** Stores a new token or a newer version of one (revocation, shortened expiry). */
  putTokens(rows: readonly StoredToken[]): Promise<void>
  /** Same as listTokens; the name the credential resolver polls by. */
  loadTokens(): Promise<StoredToken[]>
  recordUse(uses: readonly { id: string; last_used_at: string }[]): Promise<void>
}

/** The API access log: every request, allowed or refused. */
export interface AccessLogStore {
  writeAccessRecords(records: readonly AccessRecord[]): Promise<void>
  listAccessRecords(q: AccessLogQuery): Promise<Page<AccessRecord>>
}

async function wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw toStoreError(err, what)
  }
}

export function createTokenStore(deps: { client: ClickHouseClient }): TokenStore {
  const { client } = deps
  const store: TokenStore = {
    listTokens: () => wrap('listing tokens', () => loadTokens(client)),
    getToken: (id) => wrap('reading a token', async () => (await loadTokens(client, { id }))[0]),
    putTokens: (rows) => wrap('writing tokens', () => insertTokens(client, rows)),
    loadTokens: () => store.listTokens(),
    recordUse: (uses) => wrap('recording token use', () => insertTokenUses(client, uses)),
  }
  return store
}

export function createAccessLogStore(deps: { client: ClickHouseClient }): AccessLogStore {
  const { client } = deps
  return {
    writeAccessRecords: (records) => wrap('writing the access log', () => insertAccessRecords(client, records)),
    listAccessRecords: (q) => wrap('reading the access log', () => listAccessRecords(client, q)),
  }
}
