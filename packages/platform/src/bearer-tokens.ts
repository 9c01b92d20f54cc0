import { sha256Hex } from '@vigil/core'

/**
 * Maps bearer tokens to what they identify, by SHA-256, so plaintext tokens
 * need not sit in config (an entry may give `token_sha256` instead of
 * `token`). Ingest maps them to clusters, the API to principals.
 */
export class BearerTokens<T> {
  private readonly byHash = new Map<string, T>()

  constructor(entries: Iterable<{ token?: string | undefined; token_sha256?: string | undefined; value: T }>) {
    for (const e of entries) {
      const hash = e.token_sha256?.toLowerCase() ?? (e.token === undefined ? undefined : sha256Hex(e.token))
      if (hash !== undefined) this.byHash.set(hash, e.value)
    }
  }

  /** What an `Authorization: Bearer …` header value identifies, or undefined. */
  lookup(authorization: string | undefined): T | undefined {
    if (authorization === undefined) return undefined
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (m === null) return undefined
    // Looked up by hash: lookup timing says nothing useful about the token itself.
    return this.byHash.get(sha256Hex(m[1] as string))
  }

  get size(): number {
    return this.byHash.size
  }

  values(): T[] {
    return [...this.byHash.values()]
  }
}
