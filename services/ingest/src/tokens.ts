import type { ConfiguredToken } from '@vigil/platform'

/** Config-file cluster tokens as the credential resolver takes them: each identifies one cluster, with role ingest. */
export function configuredClusterTokens(entries: readonly { cluster: string; token?: string | undefined; token_sha256?: string | undefined }[]): ConfiguredToken[] {
  return entries.map((e) => ({ token: e.token, token_sha256: e.token_sha256, credential: { name: `cluster ${e.cluster}`, role: 'ingest', cluster: e.cluster, clusters: undefined } }))
}
