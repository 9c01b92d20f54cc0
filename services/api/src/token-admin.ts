import { AppError, newManagedToken, type Role, type StoredToken } from '@vigil/core'
import type { TokenRecord, TokenStore } from '@vigil/store'

/** A token as the API shows it: everything but the digest. */
export type TokenView = Omit<TokenRecord, 'token_sha256'> & { source: 'store' }

/** A config-file token as the API shows it: read-only, never revocable here. */
export interface ConfiguredTokenView {
  source: 'config'
  name: string
  role: Role
  cluster: string | null
  clusters: string[]
}

export interface CreateToken {
  name: string
  role: Role
  cluster?: string | undefined
  clusters?: string[] | undefined
  expires_at?: string | undefined
}

/**
 * The token lifecycle over the tokens table. Each change writes a new row
 * version, then reloads this process's resolver so it applies here at
 * once; other processes pick it up at their next poll.
 */
export interface TokenAdmin {
  list(): Promise<{ items: TokenView[]; configured: ConfiguredTokenView[] }>
  /** Returns the secret: the only time it is ever shown. */
  create(input: CreateToken, by: string): Promise<{ token: string; record: TokenView }>
  revoke(id: string, by: string): Promise<TokenView>
  /** A new token with the same name, role and scope; the old one keeps working for `overlapSeconds`, then expires. */
  rotate(id: string, input: { overlap_seconds: number; expires_at?: string | undefined }, by: string): Promise<{ token: string; record: TokenView; previous: TokenView }>
}

export interface TokenAdminDeps {
  tokens: TokenStore
  configured: readonly ConfiguredTokenView[]
  /** Reloads the local resolver after a change. */
  reload: () => Promise<void>
  now?: () => Date
}

function view(r: TokenRecord): TokenView {
  const { token_sha256: _digest, ...rest } = r
  return { ...rest, source: 'store' }
}

function checkShape(role: Role, cluster: string | undefined, clusters: string[] | undefined): void {
  if (role === 'ingest' && cluster === undefined) throw new AppError('invalid_body', 'an ingest token names the cluster it identifies: give cluster')
  if (role === 'ingest' && clusters !== undefined && clusters.length > 0) throw new AppError('invalid_body', 'an ingest token has a cluster, not a cluster scope: drop clusters')
  if (role !== 'ingest' && cluster !== undefined) throw new AppError('invalid_body', `a ${role} token has a cluster scope (clusters), not a cluster`)
}

export function createTokenAdmin(deps: TokenAdminDeps): TokenAdmin {
  const now = deps.now ?? (() => new Date())

  async function existing(id: string): Promise<TokenRecord> {
    const row = await deps.tokens.get(id)
    if (row === undefined) throw new AppError('not_found', `no token ${id}`)
    return row
  }

  async function reloaded<T>(value: T): Promise<T> {
    await deps.reload()
    return value
  }

  return {
    async list() {
      return { items: (await deps.tokens.list()).map(view), configured: [...deps.configured] }
    },
    async create(input, by) {
      checkShape(input.role, input.cluster, input.clusters)
      const at = now()
      if (input.expires_at !== undefined && Date.parse(input.expires_at) <= at.getTime()) throw new AppError('invalid_body', `expires_at ${input.expires_at} is in the past`)
      const t = newManagedToken(input.role)
      const row: StoredToken = {
        id: t.id,
        name: input.name,
        role: input.role,
        cluster: input.cluster ?? null,
        clusters: input.clusters ?? [],
        token_sha256: t.token_sha256,
        created_by: by,
        created_at: at.toISOString(),
        expires_at: input.expires_at === undefined ? null : new Date(input.expires_at).toISOString(),
        revoked_at: null,
        revoked_by: null,
        rotated_from: null,
        updated_at: at.toISOString(),
      }
      await deps.tokens.put([row])
      return reloaded({ token: t.token, record: view({ ...row, last_used_at: null }) })
    },
    async revoke(id, by) {
      const row = await existing(id)
      if (row.revoked_at !== null) return view(row)
      const at = now().toISOString()
      const { last_used_at, ...stored } = row
      const revoked: StoredToken = { ...stored, revoked_at: at, revoked_by: by, updated_at: at }
      await deps.tokens.put([revoked])
      return reloaded(view({ ...revoked, last_used_at }))
    },
    async rotate(id, input, by) {
      const row = await existing(id)
      const at = now()
      if (row.revoked_at !== null) throw new AppError('conflict', `token ${id} is revoked; create a new one instead`)
      if (row.expires_at !== null && Date.parse(row.expires_at) <= at.getTime()) throw new AppError('conflict', `token ${id} has expired; create a new one instead`)
      const t = newManagedToken(row.role)
      const { last_used_at, ...stored } = row
      const overlapEnd = new Date(at.getTime() + input.overlap_seconds * 1000)
      const oldExpiry = row.expires_at === null || Date.parse(row.expires_at) > overlapEnd.getTime() ? overlapEnd.toISOString() : row.expires_at
      const previous: StoredToken = { ...stored, expires_at: oldExpiry, updated_at: at.toISOString() }
      const next: StoredToken = {
        ...stored,
        id: t.id,
        token_sha256: t.token_sha256,
        created_by: by,
        created_at: at.toISOString(),
        expires_at: input.expires_at === undefined ? (row.expires_at === null ? null : new Date(at.getTime() + Date.parse(row.expires_at) - Date.parse(row.created_at)).toISOString()) : new Date(input.expires_at).toISOString(),
        rotated_from: row.id,
        updated_at: at.toISOString(),
      }
      // The new token first: a crash between the writes leaves two working tokens, never none.
      await deps.tokens.put([next])
      await deps.tokens.put([previous])
      return reloaded({ token: t.token, record: view({ ...next, last_used_at: null }), previous: view({ ...previous, last_used_at }) })
    },
  }
}

/** Config-file tokens as GET /v1/tokens lists them: names, roles and scopes, never the token or its digest. */
export function configuredTokenViews(api: readonly { name: string; role: Role; clusters?: string[] | undefined }[], ingest: readonly { cluster: string }[]): ConfiguredTokenView[] {
  return [
    ...api.map((t) => ({ source: 'config' as const, name: t.name, role: t.role, cluster: null, clusters: t.clusters ?? [] })),
    ...ingest.map((t) => ({ source: 'config' as const, name: `cluster ${t.cluster}`, role: 'ingest' as const, cluster: t.cluster, clusters: [] })),
  ]
}
