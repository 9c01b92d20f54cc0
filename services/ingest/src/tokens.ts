import { sha256Hex } from '@vigil/core'

/** Maps a bearer token to the cluster it identifies, by SHA-256, so plaintext tokens need not sit in config. */
export class ClusterTokens {
  private readonly byHash = new Map<string, string>()

  constructor(entries: readonly { cluster: string; token?: string | undefined; token_sha256?: string | undefined }[]) {
    for (const e of entries) {
      const hash = e.token_sha256?.toLowerCase() ?? (e.token === undefined ? undefined : sha256Hex(e.token))
      if (hash !== undefined) this.byHash.set(hash, e.cluster)
    }
  }

  /** The cluster for an `Authorization` header value, or undefined. */
  clusterFor(authorization: string | undefined): string | undefined {
    if (authorization === undefined) return undefined
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (m === null) return undefined
    // Looked up by hash: lookup timing says nothing useful about the token itself.
    return this.byHash.get(sha256Hex(m[1] as string))
  }

  get size(): number {
    return this.byHash.size
  }

  get clusters(): string[] {
    return [...new Set(this.byHash.values())]
  }
}
