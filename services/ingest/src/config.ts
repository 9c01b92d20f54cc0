import { z } from 'zod'
import { CommonConfigShape, sectionsOwnedElsewhere } from '@vigil/platform'
import { EventLogConfig } from '@vigil/event-log'
import { SourcesConfig } from './sources/config.js'

const Sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')

export const ClusterToken = z
  .strictObject({
    cluster: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-", at most 63'),
    /** The bearer token in plain text. Prefer token_sha256 in shared config. */
    token: z.string().min(16, 'tokens must be at least 16 characters').optional(),
    /** SHA-256 of the bearer token, hex. */
    token_sha256: Sha256.optional(),
  })
  .refine((t) => (t.token === undefined) !== (t.token_sha256 === undefined), 'give exactly one of token and token_sha256')

export const IngestSection = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Largest request body, compressed, in bytes. The apiserver sends up to 400 events per batch. */
  body_limit_bytes: z.number().int().positive().default(64 * 1024 * 1024),
  /** Largest body after gzip inflation. */
  max_decompressed_bytes: z.number().int().positive().default(64 * 1024 * 1024),
  /** Deepest JSON nesting accepted. Real audit events stay far below it. */
  max_depth: z.number().int().min(8).max(1000).default(100),
  /** Requests being read or published at once; beyond this, 429 with Retry-After. */
  max_in_flight_requests: z.number().int().positive().default(64),
  /** Bearer tokens, each identifying one cluster. Empty means `vigil start` generates one for `local`. */
  tokens: z.array(ClusterToken).default([]),
  /** Extra dotted paths to delete from every event before publishing (`*` matches any key or index). */
  redact_paths: z.array(z.string().regex(/^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*./-]+)*$/, 'a dotted path such as requestObject.spec.password')).default([]),
  /** Recently published event keys remembered to drop resent duplicates early. */
  dedup_cache_size: z.number().int().min(0).default(200_000),
  /** Seconds a 429/503 asks the client to wait. */
  retry_after_seconds: z.number().int().min(1).max(60).default(1),
  /**
   * Serve HTTPS. The apiserver's client (client-go) sends its bearer token
   * only to https:// servers, so a token-authenticated webhook needs TLS.
   */
  tls: z
    .strictObject({
      cert_file: z.string().min(1),
      key_file: z.string().min(1),
      /** CA that signs apiserver client certificates; enables mTLS identification (client_certs). */
      client_ca_file: z.string().min(1).optional(),
    })
    .optional(),
  /** Client certificates (verified against tls.client_ca_file) that identify a cluster, by subject CN. */
  client_certs: z.array(z.strictObject({ cluster: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/), common_name: z.string().min(1) })).default([]),
  /**
   * Cloud delivery paths (EKS Firehose, GKE Pub/Sub push, AKS Event Hubs),
   * each a discriminated union on `type` with its own cluster id; see
   * docs/sources/. Every one ends in the webhook's accept path.
   */
  sources: SourcesConfig,
  /** Serve /metrics on the ingest port (standalone `vigil ingest`). */
  expose_metrics: z.boolean().default(true),
})
export type IngestSection = z.infer<typeof IngestSection>

/** What `vigil ingest` reads from the config file; other services' sections pass through unchecked. */
export const IngestConfigSchema = z.strictObject({
  ...CommonConfigShape,
  event_log: EventLogConfig.prefault({ type: 'inprocess' }),
  ingest: IngestSection.prefault({}),
  ...sectionsOwnedElsewhere(['event_log', 'ingest']),
})
export type IngestConfig = z.infer<typeof IngestConfigSchema>
