import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { EvidenceConfig } from '@vigil/evidence'
import { CommonConfigShape, sectionsOwnedElsewhere } from '@vigil/platform'
import { LedgerConfig, RetentionConfig, StoreConfig } from '@vigil/store'

export const Role = z.enum(['admin', 'analyst', 'auditor'])
export type Role = z.infer<typeof Role>

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

export const ApiSection = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8081),
  /** Bearer tokens with roles. Empty means `vigil start` generates an admin token. */
  tokens: z.array(ApiToken).default([]),
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
  evidence: ApiEvidenceSection.prefault({}),
  ledger: LedgerConfig.prefault({}),
  ...sectionsOwnedElsewhere(['store', 'retention', 'api', 'evidence', 'ledger']),
})
export type ApiConfig = z.infer<typeof ApiConfigSchema>
