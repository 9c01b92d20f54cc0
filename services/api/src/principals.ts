import type { Actor, ApiRole } from '@vigil/core'
import type { ConfiguredToken, Credential } from '@vigil/platform'
import type { ApiToken } from './config.js'

/** Who is calling the API: the token's (or session's) name, role and cluster scope. */
export interface Principal {
  name: string
  role: ApiRole
  /** undefined: every cluster. */
  clusters: string[] | undefined
  /** How the caller authenticated; recorded in the access log. */
  auth: 'bearer-config' | 'bearer-store' | 'session'
  /** Managed token id or session id; undefined for config-file tokens. */
  id: string | undefined
}

export function principalOf(c: Credential): Principal | undefined {
  if (c.role === 'ingest') return undefined
  return { name: c.name, role: c.role, clusters: c.clusters, auth: c.source === 'store' ? 'bearer-store' : 'bearer-config', id: c.id }
}

/** Config-file API tokens as the credential resolver takes them. */
export function configuredApiTokens(tokens: readonly ApiToken[]): ConfiguredToken[] {
  return tokens.map((t) => ({ token: t.token, token_sha256: t.token_sha256, credential: { name: t.name, role: t.role, cluster: undefined, clusters: t.clusters } }))
}

/** Narrows a requested cluster filter to what the principal may see. */
export function scopeClusters(principal: Principal, requested: string[] | undefined): string[] | undefined {
  if (principal.clusters === undefined) return requested
  if (requested === undefined || requested.length === 0) return principal.clusters
  const allowed = requested.filter((c) => principal.clusters?.includes(c))
  // Nothing allowed: a filter that matches no rows, rather than "all".
  return allowed.length > 0 ? allowed : ['\u0000none']
}

/** The Actor a principal's actions are recorded under. */
export function actorOf(principal: Principal): Actor {
  return { type: 'principal', name: principal.name, role: principal.role }
}
