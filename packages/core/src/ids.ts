import { createHash } from 'node:crypto'

/**
 * A deterministic id: the first 128 bits of SHA-256 over the parts, hex.
 * Parts are joined with NUL so `("a","bc")` and `("ab","c")` differ.
 */
export function stableId(...parts: readonly (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
