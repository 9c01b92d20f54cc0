import { sha256Hex } from '@vigil/core'
import type { ApiToken, Role } from './config.js'

/** Who is calling: the token's name, role and cluster scope. */
export interface Principal {
  name: string
  role: Role
  /** undefined: every cluster. */
  clusters: string[] | undefined
}

export class ApiPrincipals {
  private readonly byHash = new Map<string, Principal>()

  constructor(tokens: readonly ApiToken[]) {
    for (const t of tokens) {
      const hash = t.token_sha256?.toLowerCase() ?? sha256Hex(t.token as string)
      this.byHash.set(hash, { name: t.name, role: t.role, clusters: t.clusters })
    }
  }

  resolve(authorization: string | undefined): Principal | undefined {
    if (authorization === undefined) return undefined
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    return m === null ? undefined : this.byHash.get(sha256Hex(m[1] as string))
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
