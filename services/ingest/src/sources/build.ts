import type { Logger } from '@vigil/platform'
import type { AcceptDeps } from '../accept-batch.js'
import type { IngestSourceRoutes } from '../app.js'
import { SharedSecrets } from './access-keys.js'
import { createAksSource, type AksSource } from './aks-consumer.js'
import type { FirehoseSourceRoute } from './firehose-route.js'
import { OidcVerifier } from './oidc.js'
import type { PubSubSourceRoute } from './pubsub-route.js'
import type { ResolvedSource } from './resolve.js'

/** The push routes' lookup tables and the pulling consumers for the configured sources. */
export function buildSources(sources: readonly ResolvedSource[], deps: { accept: AcceptDeps; logger: Logger; maxMessageBytes: number }): { routes: IngestSourceRoutes; pulled: AksSource[] } {
  const firehose: { secret: string; value: FirehoseSourceRoute }[] = []
  const pubsub = new Map<string, PubSubSourceRoute>()
  const pulled: AksSource[] = []
  for (const s of sources) {
    const { name, cluster } = s.config
    if (s.type === 'eks_firehose') firehose.push({ secret: s.accessKey, value: { name, cluster, maxRecordBytes: s.config.max_record_bytes } })
    else if (s.type === 'gke_pubsub_push') {
      const a = s.config.auth
      const auth: PubSubSourceRoute['auth'] =
        a.type === 'oidc'
          ? { type: 'oidc', verifier: new OidcVerifier({ audience: a.audience, serviceAccountEmail: a.service_account_email, issuers: a.issuers, jwksUrl: a.jwks_url, cacheSeconds: a.jwks_cache_seconds, clockSkewSeconds: a.clock_skew_seconds, now: deps.accept.now }) }
          : { type: 'token', token: new SharedSecrets([{ secret: s.token as string, value: true as const }]) }
      pubsub.set(name, { name, cluster, auth, maxMessageBytes: deps.maxMessageBytes })
    } else pulled.push(createAksSource({ config: s.config, password: s.password, accept: deps.accept, logger: deps.logger }))
  }
  return { routes: { firehose: firehose.length === 0 ? undefined : new SharedSecrets(firehose), pubsub }, pulled }
}
