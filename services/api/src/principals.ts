import type { Actor } from '@vigil/core'
import { BearerTokens } from '@vigil/platform'
import type { ApiToken, Role } from './config.js'

/** Who is calling: the token's name, role and cluster scope. */
export interface Principal {
  name: string
  role: Role
  /** undefined: every cluster. */
  clusters: string[] | undefined
}

export class ApiPrincipals extends BearerTokens<Principal> {
  constructor(tokens: readonly ApiToken[]) {
    super(tokens.map((t) => ({ token: t.token, token_sha256: t.token_sha256, value: { name: t.name, role: t.role, clusters: t.clusters } })))
  }

  resolve(authorization: string | undefined): Principal | undefined {
    return this.lookup(authorization)
  }
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
