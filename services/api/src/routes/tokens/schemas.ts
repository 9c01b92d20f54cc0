import { z } from 'zod'
import { CLUSTER_ID, Role, Timestamp } from '@vigil/core'

const Cluster = z.string().regex(CLUSTER_ID, 'lower-case letters, digits, ".", "_" and "-", at most 63')

export const TokenView = z.object({
  source: z.literal('store'),
  id: z.string().describe('Public id; also inside the token text. Safe to log.'),
  name: z.string(),
  role: Role,
  cluster: z.string().nullable().describe('Ingest tokens: the cluster the token identifies.'),
  clusters: z.array(z.string()).describe('API tokens: the clusters the holder may see; empty means every cluster.'),
  created_by: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
  rotated_from: z.string().nullable(),
  updated_at: z.string(),
  last_used_at: z.string().nullable().describe('Recorded within a poll interval of the use; null if never used.'),
})

export const ConfiguredTokenView = z.object({
  source: z.literal('config'),
  name: z.string(),
  role: Role,
  cluster: z.string().nullable(),
  clusters: z.array(z.string()),
})

export const TokenList = z.object({
  items: z.array(TokenView).describe('Managed tokens, revoked and expired ones included, oldest first.'),
  configured: z.array(ConfiguredTokenView).describe('Tokens from config files: always accepted, changed only in the file.'),
})

export const NewToken = z.object({
  token: z.string().describe('The secret. Shown this once; vigil keeps only its SHA-256.'),
  record: TokenView,
})

export const CreateTokenBody = z.strictObject({
  name: z.string().min(1).max(200).describe('Who or what holds the token.'),
  role: Role,
  cluster: Cluster.optional().describe('Ingest tokens only: the cluster the token identifies.'),
  clusters: z.array(Cluster).min(1).max(100).optional().describe('API tokens only: the clusters the holder may see. Absent: every cluster.'),
  expires_at: Timestamp.optional().describe('When the token stops working, RFC 3339. Absent: never.'),
})

export const RotateTokenBody = z.strictObject({
  overlap_seconds: z.number().int().min(0).max(30 * 86_400).default(3600).describe('How long the old token keeps working alongside the new one.'),
  expires_at: Timestamp.optional().describe('Expiry of the new token. Absent: the old token\'s lifetime again, or never.'),
})

export const TokenIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'a token id is 16 hex characters') })
