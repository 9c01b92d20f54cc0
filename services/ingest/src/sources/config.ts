import { z } from 'zod'

const ClusterId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-", at most 63')
const SourceName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "_" and "-", at most 63')

/**
 * A credential given inline, read from a file (a mounted Kubernetes or
 * Docker secret; surrounding whitespace is trimmed) or read from an
 * environment variable. The composition root resolves it once at start.
 */
export const Secret = z.union([
  z.strictObject({ value: z.string().min(1) }),
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
])
export type Secret = z.infer<typeof Secret>

const SourceBase = {
  /** Names the source in metrics, logs and routes. */
  name: SourceName,
  /** The cluster id every event from this source is recorded under. */
  cluster: ClusterId,
}

/** EKS: CloudWatch Logs subscription filter → Amazon Data Firehose → `POST /v1/sources/firehose`. */
export const EksFirehoseSource = z.strictObject({
  type: z.literal('eks_firehose'),
  ...SourceBase,
  /** The access key configured on the Firehose HTTP endpoint destination (X-Amz-Firehose-Access-Key). At least 16 characters. */
  access_key: Secret,
  /** Most bytes one record may hold after base64 and gunzip; larger records are dead-lettered. */
  max_record_bytes: z.number().int().positive().default(8 * 1024 * 1024),
})

export const PubSubOidcAuth = z.strictObject({
  type: z.literal('oidc'),
  /** The audience set on the push subscription (by default its endpoint URL). */
  audience: z.string().min(1),
  /** The push subscription's service account; the token's `email` must equal it. */
  service_account_email: z.string().min(3),
  /** Accepted `iss` values. */
  issuers: z.array(z.string().min(1)).min(1).default(['https://accounts.google.com', 'accounts.google.com']),
  /** Where Google publishes its signing keys (JWKS). */
  jwks_url: z.url().default('https://www.googleapis.com/oauth2/v3/certs'),
  /** How long fetched keys are kept; an unknown `kid` refetches sooner, at most once per 30 s. */
  jwks_cache_seconds: z.number().int().min(60).max(86_400).default(3_600),
  /** Tolerated clock difference when checking `exp` and `iat`. */
  clock_skew_seconds: z.number().int().min(0).max(600).default(60),
})

export const PubSubTokenAuth = z.strictObject({
  type: z.literal('token'),
  /** A shared token the push endpoint URL carries as `?token=…`. At least 16 characters. */
  token: Secret,
})

/** GKE: Log Router sink → Pub/Sub topic → push subscription → `POST /v1/sources/pubsub/<name>`. */
export const GkePubSubPushSource = z.strictObject({
  type: z.literal('gke_pubsub_push'),
  ...SourceBase,
  auth: z.discriminatedUnion('type', [PubSubOidcAuth, PubSubTokenAuth]),
})

/** AKS: diagnostic setting → Event Hubs, read over its Kafka endpoint. */
export const AksEventHubsSource = z.strictObject({
  type: z.literal('aks_event_hubs'),
  ...SourceBase,
  /** `<namespace>.servicebus.windows.net:9093`. */
  brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1),
  /** The Event Hub (Kafka topic) the diagnostic setting writes to. */
  topic: z.string().min(1),
  /** The consumer group; its committed offsets live in Event Hubs. */
  group: z.string().min(1).default('vigil'),
  /** Diagnostic categories taken; other records on the hub (kube-apiserver, guard, …) are skipped. */
  categories: z.array(z.enum(['kube-audit', 'kube-audit-admin'])).min(1).default(['kube-audit', 'kube-audit-admin']),
  /** TLS to the broker. Event Hubs requires it; only a local test broker goes without. */
  ssl: z.boolean().default(true),
  /** SASL PLAIN as Event Hubs expects it: the user is `$ConnectionString`, the password the namespace connection string. */
  sasl: z
    .strictObject({
      username: z.string().min(1).default('$ConnectionString'),
      password: Secret,
    })
    .optional(),
  /** Where a group with no committed offset starts. */
  from_beginning: z.boolean().default(true),
  connection_timeout_ms: z.number().int().positive().default(10_000),
  request_timeout_ms: z.number().int().positive().default(30_000),
})

/** One cloud delivery path into the same accept path the webhook uses. */
export const SourceConfig = z.discriminatedUnion('type', [EksFirehoseSource, GkePubSubPushSource, AksEventHubsSource])
export type SourceConfig = z.infer<typeof SourceConfig>
export type EksFirehoseSource = z.infer<typeof EksFirehoseSource>
export type GkePubSubPushSource = z.infer<typeof GkePubSubPushSource>
export type AksEventHubsSource = z.infer<typeof AksEventHubsSource>

export const SourcesConfig = z
  .array(SourceConfig)
  .default([])
  .superRefine((sources, ctx) => {
    const seen = new Set<string>()
    for (const [i, s] of sources.entries()) {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `source name "${s.name}" is used twice` })
      seen.add(s.name)
    }
  })
