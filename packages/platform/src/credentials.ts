import { timingSafeEqual } from 'node:crypto'
import { managedTokenId, sha256Hex, type Role, type StoredToken } from '@vigil/core'
import type { Logger } from 'pino'

/** Who a bearer token identifies. Never holds the token. */
export interface Credential {
  /** The managed token's public id; undefined for a config-file token. */
  id: string | undefined
  name: string
  role: Role
  /** Ingest: the cluster the token identifies. */
  cluster: string | undefined
  /** API: the clusters the holder may see; undefined means every cluster. */
  clusters: string[] | undefined
  source: 'config' | 'store'
}

export type AuthFailure = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked'

export type Authentication = { ok: true; credential: Credential } | { ok: false; reason: AuthFailure; message: string }

/** The port services authenticate through: a header in, a credential or a reason out. Synchronous: no I/O per request. */
export interface CredentialResolver {
  authenticate(authorization: string | undefined): Authentication
}

/** Where managed tokens live (the store's tokens table). */
export interface TokenSource {
  /** Every token's newest version, revoked ones included. */
  loadTokens(): Promise<StoredToken[]>
  /** Records when tokens were last used; the newest time wins. */
  recordUse(uses: readonly { id: string; last_used_at: string }[]): Promise<void>
}

/** A token from a config file: plaintext or its SHA-256. */
export interface ConfiguredToken {
  token?: string | undefined
  token_sha256?: string | undefined
  credential: Omit<Credential, 'id' | 'source'>
}

export interface PollingResolver extends CredentialResolver {
  /** Loads the managed tokens now; resolves when the snapshot is replaced. */
  refresh(): Promise<void>
  /** First load, then a reload every pollIntervalMs. */
  start(): Promise<void>
  /** Stops polling and writes the pending last-used times. Idempotent. */
  stop(): Promise<void>
}

export interface ResolverDeps {
  configured: readonly ConfiguredToken[]
  /** Absent: config-file tokens only. */
  source?: TokenSource | undefined
  pollIntervalMs: number
  logger: Logger
  now?: () => Date
  /** Called when a reload fails; the last good snapshot stays in force. */
  onRefreshError?: (err: unknown) => void
}

const BEARER = /^Bearer\s+(\S+)\s*$/i

/**
 * Config-file tokens and the store's managed tokens behind one lookup.
 *
 * A config token is found by the SHA-256 of the presented text, so lookup
 * timing depends only on a hash the caller cannot steer. A managed token
 * carries its public id; the stored digest is then compared with
 * `timingSafeEqual`. Expiry is checked on every request, so an expired
 * token stops working at its expiry, not at the next reload; revocations
 * and new tokens arrive with the next reload (pollIntervalMs).
 *
 * A config token wins over the store: it is accepted whatever the table
 * says, and only removing it from the file revokes it.
 */
export function createCredentialResolver(deps: ResolverDeps): PollingResolver {
  const now = deps.now ?? (() => new Date())
  const configured = new Map<string, Credential>()
  for (const c of deps.configured) {
    const hash = c.token_sha256?.toLowerCase() ?? (c.token === undefined ? undefined : sha256Hex(c.token))
    if (hash !== undefined) configured.set(hash, { ...c.credential, id: undefined, source: 'config' })
  }
  let managed = new Map<string, StoredToken>()
  let pendingUse = new Map<string, string>()
  let timer: NodeJS.Timeout | undefined
  let refreshing: Promise<void> | undefined
  let stopped: Promise<void> | undefined

  async function flushUse(): Promise<void> {
    if (deps.source === undefined || pendingUse.size === 0) return
    const uses = [...pendingUse].map(([id, last_used_at]) => ({ id, last_used_at }))
    pendingUse = new Map()
    await deps.source.recordUse(uses)
  }

  async function load(): Promise<void> {
    if (deps.source === undefined) return
    const rows = await deps.source.loadTokens()
    managed = new Map(rows.map((r) => [r.id, r]))
    await flushUse()
  }

  const resolver: PollingResolver = {
    authenticate(authorization) {
      if (authorization === undefined) return { ok: false, reason: 'missing', message: 'send Authorization: Bearer <token>' }
      const m = BEARER.exec(authorization)
      if (m === null) return { ok: false, reason: 'malformed', message: 'the Authorization header is not "Bearer <token>"' }
      const text = m[1] as string
      const digest = sha256Hex(text)
      const fromConfig = configured.get(digest)
      if (fromConfig !== undefined) return { ok: true, credential: fromConfig }
      const id = managedTokenId(text)
      const row = id === undefined ? undefined : managed.get(id)
      if (row === undefined || !timingSafeEqual(Buffer.from(row.token_sha256, 'hex'), Buffer.from(digest, 'hex'))) {
        return { ok: false, reason: 'unknown', message: 'unknown bearer token' }
      }
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked', message: `token ${row.id} ("${row.name}") was revoked at ${row.revoked_at}` }
      const at = now()
      if (row.expires_at !== null && Date.parse(row.expires_at) <= at.getTime()) {
        return { ok: false, reason: 'expired', message: `token ${row.id} ("${row.name}") expired at ${row.expires_at}` }
      }
      pendingUse.set(row.id, at.toISOString())
      return {
        ok: true,
        credential: { id: row.id, name: row.name, role: row.role, cluster: row.cluster ?? undefined, clusters: row.clusters.length === 0 ? undefined : row.clusters, source: 'store' },
      }
    },
    refresh() {
      refreshing ??= load().finally(() => (refreshing = undefined))
      return refreshing
    },
    async start() {
      if (deps.source !== undefined && timer === undefined) {
        timer = setInterval(() => {
          resolver.refresh().catch((err: unknown) => {
            deps.logger.warn({ err }, 'reloading managed tokens failed; the previous set stays in force')
            deps.onRefreshError?.(err)
          })
        }, deps.pollIntervalMs)
        timer.unref()
      }
      // A failed first load still leaves the poll running; the caller decides whether it is fatal.
      await resolver.refresh()
    },
    stop() {
      stopped ??= (async () => {
        if (timer !== undefined) clearInterval(timer)
        await refreshing?.catch(() => undefined)
        await flushUse()
      })()
      return stopped
    },
  }
  return resolver
}
