import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { ApiRole } from '@vigil/core'
import { EvidenceConfig } from '@vigil/evidence'
import { AuthSection, CommonConfigShape, sectionsOwnedElsewhere } from '@vigil/platform'
import { LedgerConfig, RetentionConfig, StoreConfig } from '@vigil/store'

/** The API roles: admin (tokens and configuration), analyst (triage), auditor (read-only evidence). See docs/security.md. */
export const Role = ApiRole
export type Role = ApiRole

export const ApiToken = z
  .strictObject({
    /** Who holds the token; shown in logs, never the token itself. */
    name: z.string().min(1),
    role: Role,
    token: z.string().min(16, 'tokens must be at least 16 characters').optional(),
    token_sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters').optional(),
    /** Clusters this token may see; absent means all. */
    clusters: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((t) => (t.token === undefined) !== (t.token_sha256 === undefined), 'give exactly one of token and token_sha256')
export type ApiToken = z.infer<typeof ApiToken>

/** Maps an identity provider group to a role and, optionally, a cluster scope. */
export const OidcRoleMapping = z.strictObject({
  group: z.string().min(1),
  role: Role,
  /** Clusters members may see; absent means all. */
  clusters: z.array(z.string().min(1)).min(1).optional(),
})

/** Sign-in for people through an OpenID Connect provider (authorization code + PKCE). Absent: bearer tokens only. */
export const OidcConfig = z.strictObject({
  issuer_url: z.url(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  /** The public URL of this api's /auth/callback, as registered at the provider. */
  redirect_url: z.url(),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'groups']),
  /** The ID token claim that lists the person's groups. */
  groups_claim: z.string().min(1).default('groups'),
  /** First the most privileged role among the matching groups wins; a person in no mapped group gets no session. */
  role_mappings: z.array(OidcRoleMapping).min(1),
  /** Sessions end this long after sign-in. */
  session_ttl_seconds: z.number().int().min(60).max(86_400).default(3_600),
  /** Mark cookies Secure (sent over HTTPS only). Turn off only for http://localhost trials. */
  cookie_secure: z.boolean().default(true),
  /** Allow an http:// issuer. For a provider on loopback in tests and trials only. */
  allow_insecure_issuer: z.boolean().default(false),
})
export type OidcConfig = z.infer<typeof OidcConfig>

export const ApiSection = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8081),
  /** Bearer tokens with roles. Empty means `vigil start` generates an admin token. */
  tokens: z.array(ApiToken).default([]),
  oidc: OidcConfig.optional(),
  /** `none`: /metrics is open, for scrapers (the default). `token`: it needs any API token, like every /v1 route. */
  metrics_auth: z.enum(['none', 'token']).default('none'),
  /** The access log (access_log_v1): records are buffered and written in batches. */
  access_log: z
    .strictObject({
      flush_interval_ms: z.number().int().min(10).max(60_000).default(1_000),
      /** Records per insert at most. */
      max_batch: z.number().int().positive().default(1_000),
      /** Records held while the store is down before the oldest are dropped (and counted). */
      max_buffered: z.number().int().positive().default(100_000),
    })
    .prefault({}),
})
export type ApiSection = z.infer<typeof ApiSection>

/** The rule packs shipped in the repository's `rules/` directory (the analyzer's default too). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))

export const ApiEvidenceSection = z.strictObject({
  ...EvidenceConfig.shape,
  /** The rule files the analyzer loads (keep equal to analyzer.rules_paths): which rules evidence which control. */
  rules_paths: z.array(z.string().min(1)).min(1).default([BUILTIN_RULES_DIR]),
  /** The directory whose `controls/` holds the control catalogs. */
  controls_dir: z.string().min(1).default(BUILTIN_RULES_DIR),
})
export type ApiEvidenceSection = z.infer<typeof ApiEvidenceSection>

export const ApiConfigSchema = z.strictObject({
  ...CommonConfigShape,
  store: StoreConfig.prefault({ type: 'chdb' }),
  retention: RetentionConfig.prefault({}),
  api: ApiSection.prefault({}),
  auth: AuthSection.prefault({}),
  evidence: ApiEvidenceSection.prefault({}),
  ledger: LedgerConfig.prefault({}),
  ...sectionsOwnedElsewhere(['store', 'retention', 'api', 'evidence', 'ledger', 'auth']),
})
export type ApiConfig = z.infer<typeof ApiConfigSchema>
