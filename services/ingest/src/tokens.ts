import { BearerTokens } from '@vigil/platform'

/** Maps a bearer token to the cluster it identifies. */
export class ClusterTokens extends BearerTokens<string> {
  constructor(entries: readonly { cluster: string; token?: string | undefined; token_sha256?: string | undefined }[]) {
    super(entries.map((e) => ({ token: e.token, token_sha256: e.token_sha256, value: e.cluster })))
  }

  /** The cluster for an `Authorization` header value, or undefined. */
  clusterFor(authorization: string | undefined): string | undefined {
    return this.lookup(authorization)
  }

  get clusters(): string[] {
    return [...new Set(this.values())]
  }
}
