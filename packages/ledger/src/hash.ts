import { createHash } from 'node:crypto'

/** A SHA-256 digest: 32 bytes. */
export type Digest = Buffer

const LEAF = Buffer.from([0x00])
const NODE = Buffer.from([0x01])

export function sha256(...parts: readonly Uint8Array[]): Digest {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ bytes). `bytes` may be the UTF-8 text itself. */
export function leafHash(bytes: Uint8Array | string): Digest {
  return createHash('sha256').update(LEAF).update(bytes).digest()
}

/** RFC 6962 interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Digest {
  return createHash('sha256').update(NODE).update(left).update(right).digest()
}

export function toHex(d: Uint8Array): string {
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex')
}

/** A hex SHA-256 (64 lower- or upper-case hex digits) as bytes; throws on anything else. */
export function fromHex(hex: string): Digest {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new TypeError(`not a hex SHA-256: ${hex.slice(0, 80)}`)
  return Buffer.from(hex, 'hex')
}
