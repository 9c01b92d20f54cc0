import type { KeyObject } from 'node:crypto'
import { keyIdOf, publicKeyFromRaw, rawPublicKey, verifySignature, type SignedCheckpoint } from './checkpoint.js'

/**
 * The public keys that may sign checkpoints, each valid for a window of
 * checkpoint sequence numbers. Rotation closes the old key's window and
 * opens the new one's; old keys are kept forever so old checkpoints stay
 * verifiable. This is `keys.json` in anchors and bundles.
 */
export interface KeyringEntry {
  key_id: string
  alg: 'Ed25519'
  /** Base64url raw 32-byte public key (the JWK `x`). */
  public_key: string
  /** First checkpoint seq this key signs. */
  valid_from_seq: number
  /** Last checkpoint seq it may sign; null while current. */
  valid_until_seq: number | null
}

export interface Keyring {
  keys: KeyringEntry[]
}

export function keyringEntry(publicKey: KeyObject, validFromSeq: number): KeyringEntry {
  return { key_id: keyIdOf(publicKey), alg: 'Ed25519', public_key: rawPublicKey(publicKey).toString('base64url'), valid_from_seq: validFromSeq, valid_until_seq: null }
}

/**
 * The keyring after `publicKey` signs checkpoint `seq`: unchanged when it
 * is already current, otherwise the current key's window closes at seq-1
 * and the new key's opens at seq.
 */
export function rotateKeyring(ring: Keyring, publicKey: KeyObject, seq: number): Keyring {
  const id = keyIdOf(publicKey)
  const current = ring.keys.find((k) => k.valid_until_seq === null)
  if (current?.key_id === id) return ring
  const keys = ring.keys.map((k) => (k.valid_until_seq === null ? { ...k, valid_until_seq: Math.max(k.valid_from_seq, seq - 1) } : k))
  return { keys: [...keys, keyringEntry(publicKey, seq)] }
}

export type SignatureCheck = { ok: true; key_id: string } | { ok: false; reason: string }

/** A checkpoint is signed when at least one signature verifies under a key valid for its seq; unknown signatures are ignored. */
export function checkCheckpointSignature(cp: SignedCheckpoint, ring: Keyring): SignatureCheck {
  const seq = cp.body.seq
  let reason = 'no signature by a known key'
  for (const s of cp.signatures) {
    const entry = ring.keys.find((k) => k.key_id === s.key_id)
    if (entry === undefined) continue
    if (seq < entry.valid_from_seq || (entry.valid_until_seq !== null && seq > entry.valid_until_seq)) {
      reason = `key ${s.key_id} is not valid for checkpoint ${seq}`
      continue
    }
    let key: KeyObject
    try {
      key = publicKeyFromRaw(Buffer.from(entry.public_key, 'base64url'))
    } catch {
      reason = `key ${s.key_id} in the keyring is malformed`
      continue
    }
    if (keyIdOf(key) !== entry.key_id) {
      reason = `key ${s.key_id} does not hash to its id`
      continue
    }
    if (verifySignature(cp.body, s, key)) return { ok: true, key_id: s.key_id }
    reason = `bad signature by ${s.key_id}`
  }
  return { ok: false, reason }
}
