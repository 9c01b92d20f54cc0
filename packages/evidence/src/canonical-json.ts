import { createHash } from 'node:crypto'

/**
 * RFC 8785 (JCS) canonical JSON for the values vigil hashes here: query
 * parameters and reports, made of strings, booleans, null, integers, arrays
 * and objects. Keys sort by UTF-16 code units (what Array.prototype.sort
 * does); strings and integers serialise as ECMAScript's JSON.stringify does,
 * which is what JCS specifies for them. Non-integer numbers are refused
 * rather than risk a serialisation JCS would not give.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonicalJson: only safe integers are supported, got ${value}`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`)
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex')
}
