import { z } from 'zod'

const Hex32 = z.string().regex(/^[0-9a-f]{64}$/)

export const ChainHead = z.object({ stream: z.string(), partition: z.number().int(), last_seq: z.number().int(), batch_hash: Hex32 })

export const BatchHeader = z.object({
  type: z.literal('vigil.ledger.batch'),
  v: z.literal(1),
  stream: z.string(),
  partition: z.number().int(),
  first_seq: z.number().int(),
  last_seq: z.number().int(),
  leaf_count: z.number().int(),
  merkle_root: Hex32,
  prev_batch_hash: Hex32.nullable(),
  sealed_at: z.string(),
})

export const SignedCheckpoint = z.object({
  body: z.object({
    type: z.literal('vigil.ledger.checkpoint'),
    v: z.literal(1),
    origin: z.string(),
    seq: z.number().int(),
    period_start: z.string(),
    period_end: z.string(),
    batch_count: z.number().int(),
    batches_root: Hex32,
    heads: z.array(ChainHead),
    prev_checkpoint_hash: Hex32.nullable(),
    created_at: z.string(),
  }),
  checkpoint_hash: Hex32,
  signatures: z.array(z.object({ key_id: z.string(), alg: z.literal('Ed25519'), sig: z.string() })),
})

export const CheckpointList = z.object({ items: z.array(SignedCheckpoint) })

export const CheckpointQuery = z.strictObject({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

export const ProofQuery = z.strictObject({
  stream: z.string().min(1),
  partition: z.coerce.number().int().min(0),
  seq: z.coerce.number().int().min(0),
  idx: z.coerce.number().int().min(0).default(0),
})

export const InclusionProof = z.object({
  record_jcs: z.string(),
  leaf_hash: Hex32,
  leaf_index: z.number().int(),
  batch: BatchHeader,
  batch_hash: Hex32,
  batch_proof: z.array(Hex32),
  batch_index: z.number().int().nullable(),
  checkpoint_proof: z.array(Hex32).nullable(),
  checkpoint: SignedCheckpoint.nullable(),
})

export const VerifyQuery = z.strictObject({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
})

export const LedgerReport = z.object({
  outcome: z.enum(['verified', 'tampered', 'unverifiable']),
  origin: z.string(),
  range: z.object({ from_checkpoint: z.number().int().nullable(), to_checkpoint: z.number().int().nullable() }),
  checked: z.object({ checkpoints: z.number().int(), batches: z.number().int(), leaves: z.number().int() }),
  failures: z.array(
    z.object({
      kind: z.string(),
      stream: z.string().optional(),
      partition: z.number().int().optional(),
      seq: z.number().int().optional(),
      idx: z.number().int().optional(),
      checkpoint: z.number().int().optional(),
      table: z.string().optional(),
      key: z.string().optional(),
      detail: z.string(),
    }),
  ),
  unverifiable: z.array(z.string()),
  projections: z.array(
    z.object({
      table: z.string(),
      kind: z.string(),
      sealed: z.number().int(),
      missing: z.number().int(),
      first_missing: z.string().nullable(),
      unsealed: z.number().int(),
      first_unsealed: z.string().nullable(),
      modified: z.number().int(),
      first_modified: z.string().nullable(),
      duplicated: z.number().int(),
      first_duplicated: z.string().nullable(),
    }),
  ),
  uncheckpointed: z.array(z.object({ stream: z.string(), partition: z.number().int(), batches: z.number().int(), from_seq: z.number().int(), to_seq: z.number().int() })),
  periods_without_checkpoint: z.array(z.object({ from: z.string(), to: z.string(), hours: z.number(), checkpoint: z.number().int().nullable() })),
})
