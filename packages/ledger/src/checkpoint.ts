import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { compareBatches, type ChainHead } from './batch.js'
import { fromHex, sha256, toHex } from './hash.js'
import { canonicalize } from './jcs.js'
import { merkleRoot } from './merkle.js'

/**
 * A checkpoint commits, under a signature, to the batches sealed since the
 * previous checkpoint (an RFC 6962 root over their batch hashes, in
 * (stream, partition, first_seq) order), to the head of every known chain,
 * and to the previous checkpoint. Coverage is defined by heads, not by
 * time, so a batch sealed late is never missed. Empty periods still get one.
 */
export interface CheckpointBody {
  type: 'vigil.ledger.checkpoint'
  v: 1
  origin: string
  seq: number
  period_start: string
  period_end: string
  batch_count: number
  batches_root: string
  heads: ChainHead[]
  prev_checkpoint_hash: string | null
  created_at: string
}

export interface CheckpointSignature {
  key_id: string
  alg: 'Ed25519'
  /** Base64 Ed25519 signature over JCS(body). */
  sig: string
}

export interface SignedCheckpoint {
  body: CheckpointBody
  /** Hex SHA-256(JCS(body)). */
  checkpoint_hash: string
  signatures: CheckpointSignature[]
}

/** checkpoint_hash = SHA-256(JCS(body)) (no leaf prefix: it is not a tree node). */
export function checkpointHash(body: CheckpointBody): string {
  return toHex(sha256(Buffer.from(canonicalize(body), 'utf8')))
}

export function compareHeads(a: Pick<ChainHead, 'stream' | 'partition'>, b: Pick<ChainHead, 'stream' | 'partition'>): number {
  return a.stream !== b.stream ? (a.stream < b.stream ? -1 : 1) : a.partition - b.partition
}

export interface CheckpointInput {
  origin: string
  previous: Pick<SignedCheckpoint, 'body' | 'checkpoint_hash'> | undefined
  period_start: string
  period_end: string
  /** The batches sealed after the previous checkpoint's heads, up to `heads`. */
  batches: ReadonlyArray<{ stream: string; partition: number; first_seq: number; batch_hash: string }>
  /** The head of every known chain, idle ones included. */
  heads: readonly ChainHead[]
  created_at: string
}

export function buildCheckpoint(input: CheckpointInput): CheckpointBody {
  const batches = [...input.batches].sort(compareBatches)
  return {
    type: 'vigil.ledger.checkpoint',
    v: 1,
    origin: input.origin,
    seq: input.previous === undefined ? 0 : input.previous.body.seq + 1,
    period_start: input.period_start,
    period_end: input.period_end,
    batch_count: batches.length,
    batches_root: toHex(merkleRoot(batches.map((b) => fromHex(b.batch_hash)))),
    heads: [...input.heads].sort(compareHeads).map((h) => ({ stream: h.stream, partition: h.partition, last_seq: h.last_seq, batch_hash: h.batch_hash })),
    prev_checkpoint_hash: input.previous?.checkpoint_hash ?? null,
    created_at: input.created_at,
  }
}

/** An Ed25519 signing key with its id. */
export interface SigningKey {
  key_id: string
  privateKey: KeyObject
  publicKey: KeyObject
}

/** The raw 32-byte Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' }) as { crv?: string; x?: string }
  if (jwk.crv !== 'Ed25519' || jwk.x === undefined) throw new TypeError('not an Ed25519 public key')
  return Buffer.from(jwk.x, 'base64url')
}

/** `ed25519:` + the first 16 hex digits of SHA-256(raw public key). */
export function keyIdOf(publicKey: KeyObject): string {
  return `ed25519:${toHex(sha256(rawPublicKey(publicKey))).slice(0, 16)}`
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes')
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' })
}

/** A signing key from a PKCS#8 PEM (what `vigil start` writes) or a 32-byte hex seed. */
export function signingKeyFrom(material: string): SigningKey {
  const text = material.trim()
  const privateKey = /^[0-9a-fA-F]{64}$/.test(text)
    ? createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(text, 'hex')]), format: 'der', type: 'pkcs8' })
    : createPrivateKey({ key: text, format: 'pem' })
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError(`the checkpoint key is ${privateKey.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`)
  const publicKey = createPublicKey(privateKey)
  return { key_id: keyIdOf(publicKey), privateKey, publicKey }
}

export function signCheckpoint(body: CheckpointBody, key: SigningKey): SignedCheckpoint {
  const bytes = Buffer.from(canonicalize(body), 'utf8')
  return {
    body,
    checkpoint_hash: toHex(sha256(bytes)),
    signatures: [{ key_id: key.key_id, alg: 'Ed25519', sig: sign(null, bytes, key.privateKey).toString('base64') }],
  }
}

export function verifySignature(body: CheckpointBody, signature: CheckpointSignature, publicKey: KeyObject): boolean {
  if (signature.alg !== 'Ed25519' || typeof signature.sig !== 'string') return false
  const sig = Buffer.from(signature.sig, 'base64')
  if (sig.length !== 64) return false
  try {
    return verify(null, Buffer.from(canonicalize(body), 'utf8'), publicKey, sig)
  } catch {
    return false
  }
}
