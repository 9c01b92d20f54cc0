import { hash } from 'node:crypto'

/**
 * vigil's UUIDv5 namespace for ids derived from a report. Fixed forever:
 * changing it changes every exported id.
 */
export const VIGIL_UUID_NAMESPACE = 'c36168f3-49ec-4e7e-b0aa-c7789d9e45b2'

/**
 * RFC 9562 §5.5 name-based UUID (SHA-1). OSCAL accepts only versions 4 and 5,
 * and per-subject ids must stay stable across re-renderings, so every OSCAL id
 * is `uuidV5(<report id>#<what>)`.
 */
export function uuidV5(name: string, namespace: string = VIGIL_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`)
  const b = hash('sha1', Buffer.concat([ns, Buffer.from(name, 'utf8')]), 'buffer').subarray(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x50
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
