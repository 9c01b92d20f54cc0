import type { StoredToken } from '@vigil/core'
import type { StoreOps } from '../store-ops.js'
import { insertTokens, insertTokenUses, loadTokens, TOKEN_LAST_USED_TABLE, TOKENS_TABLE, type TokenRecord } from '../tables/tokens.js'

/**
 * Managed tokens: the credentials admins create, rotate and revoke. Holds
 * digests only. Every change is a new row version, so the table is also
 * the history of who changed access. The credential resolver polls it
 * (`loadTokens`, `recordUse` make it a TokenSource).
 */
export interface TokenStore {
  /** Every token's newest version, revoked and expired ones included, with its last use, oldest first. */
  list(): Promise<TokenRecord[]>
  get(id: string): Promise<TokenRecord | undefined>
  /** Stores new tokens or newer versions of them (revocation, shortened expiry). */
  put(rows: readonly StoredToken[]): Promise<void>
  loadTokens(): Promise<StoredToken[]>
  recordUse(uses: readonly { id: string; last_used_at: string }[]): Promise<void>
}

export function createTokenStore(ops: StoreOps): TokenStore {
  const { client } = ops
  const store: TokenStore = {
    list: () => ops.read('listing tokens', () => loadTokens(client)),
    get: (id) => ops.read('reading a token', async () => (await loadTokens(client, { id }))[0]),
    put: (rows) => ops.write(TOKENS_TABLE, 'writing tokens', () => insertTokens(client, rows)),
    loadTokens: () => store.list(),
    recordUse: (uses) => ops.write(TOKEN_LAST_USED_TABLE, 'recording token use', () => insertTokenUses(client, uses)),
  }
  return store
}
