import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { sha256Hex } from './ids.js'

/**
 * What a token lets its holder do. `admin`, `analyst` and `auditor` call the
 * API; `ingest` identifies one cluster to the webhook and nothing else.
 */
export const Role = z.enum(['admin', 'analyst', 'auditor', 'ingest'])
export type Role = z.infer<typeof Role>

/** The roles an API token may carry. */
export const ApiRole = z.enum(['admin', 'analyst', 'auditor'])
export type ApiRole = z.infer<typeof ApiRole>

export const CLUSTER_ID = /^[a-z0-9][a-z0-9._-]{0,62}$/

/**
 * A managed token as the store keeps it: never the secret, only its SHA-256.
 * Every change (revoke, rotate) writes a new version of the row.
 */
export const StoredToken = z.strictObject({
  /** Public id, also the second part of the token text; safe to log. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(200),
  role: Role,
  /** Ingest tokens: the cluster the token identifies. */
  cluster: z.string().regex(CLUSTER_ID).nullable(),
  /** API tokens: the clusters the holder may see; empty means every cluster. */
  clusters: z.array(z.string().regex(CLUSTER_ID)),
  token_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created_by: z.string().min(1),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
  /** The token this one replaced by rotation. */
  rotated_from: z.string().nullable(),
  /** Version of the row; the newest wins. */
  updated_at: z.string(),
})
export type StoredToken = z.infer<typeof StoredToken>

const PREFIX: Record<Role, string> = { admin: 'vigil_adm', analyst: 'vigil_ana', auditor: 'vigil_aud', ingest: 'vigil_ing' }
const MANAGED = /^vigil_(?:adm|ana|aud|ing)_([0-9a-f]{16})_([A-Za-z0-9_-]{32,})$/

/** A fresh managed token: `vigil_<role>_<id>_<secret>`, with 192 random bits of secret. */
export function newManagedToken(role: Role): { id: string; token: string; token_sha256: string } {
  const id = randomBytes(8).toString('hex')
  const token = `${PREFIX[role]}_${id}_${randomBytes(24).toString('base64url')}`
  return { id, token, token_sha256: sha256Hex(token) }
}

/** The public id inside a managed token's text, or undefined for any other text (config tokens). */
export function managedTokenId(token: string): string | undefined {
  return MANAGED.exec(token)?.[1]
}
