import { createHash } from 'node:crypto'
import { z } from 'zod'
import { canonicalize } from '@vigil/ledger'

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/)

export const MANIFEST_PATH = 'manifest.json'
export const SIGNATURE_PATH = 'manifest.sig'
export const PDF_PATH = 'report.pdf'

export const BundleFile = z.strictObject({ path: z.string().min(1), sha256: Sha256, size: z.number().int().nonnegative() })
export type BundleFile = z.infer<typeof BundleFile>

/**
 * `manifest.json`: RFC 8785 canonical JSON, signed by `manifest.sig` (a
 * detached Ed25519 signature over exactly these bytes, base64). It lists
 * every other file of the bundle with its SHA-256 and size, and names the
 * ledger checkpoint that covers the report.
 */
export const BundleManifest = z.strictObject({
  type: z.literal('vigil.evidence-bundle'),
  v: z.literal(1),
  created_at: z.string(),
  report: z.strictObject({ id: z.string(), framework: z.string(), control: z.string(), period: z.strictObject({ start: z.string(), end: z.string() }), generated_at: z.string() }),
  origin: z.string(),
  checkpoint: z.strictObject({ seq: z.number().int().nonnegative(), checkpoint_hash: Sha256 }).describe('The covering checkpoint (report.json integrity.checkpoint)'),
  checkpoints: z.strictObject({ from_seq: z.number().int().nonnegative(), to_seq: z.number().int().nonnegative() }).describe('The checkpoints in ledger/checkpoints.ndjson'),
  contents_sha256: Sha256.describe('SHA-256 of the canonical JSON of `files` without report.pdf: the hash printed in the PDF footer'),
  files: z.array(BundleFile).describe('Every file but manifest.json and manifest.sig, sorted by path'),
  signature: z.strictObject({ alg: z.literal('Ed25519'), key_id: z.string() }),
})
export type BundleManifest = z.infer<typeof BundleManifest>

/** The hash the PDF footer prints: SHA-256 of JCS(files) over every listed file except the PDF itself, in path order. */
export function contentsSha256(files: readonly BundleFile[]): string {
  const rest = files.filter((f) => f.path !== PDF_PATH).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return createHash('sha256').update(canonicalize(rest)).digest('hex')
}
