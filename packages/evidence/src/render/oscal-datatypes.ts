import type { Framework } from '../report.js'

/**
 * OSCAL datatype rules vigil's documents must keep (notes/evidence-formats.md
 * §1.2): tokens for control ids, props in vigil's namespace with trimmed
 * non-empty values, and no empty arrays.
 */

export const OSCAL_PROP_NS = 'https://vigil.dev/ns/oscal'

export type Json = Record<string, unknown>

/** `CC6.3` → `cc6.3`; `164.312(b)` → `hipaa-164.312-b`; `Art.32(1)(b)` → `gdpr-art32-1-b`. */
export function oscalControlId(framework: Framework, controlId: string): string {
  let id = controlId
    .trim()
    .toLowerCase()
    .replace(/^art\.\s*/, 'art')
    .replace(/\(([^)]*)\)/g, '-$1')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
  if (framework !== 'soc2') id = `${framework}-${id}`
  if (!/^(\p{L}|_)/u.test(id)) id = `_${id}`
  return id
}

export function prop(name: string, value: string | number | boolean, extra: Json = {}): Json | undefined {
  const v = String(value).trim()
  return v === '' ? undefined : { name, ns: OSCAL_PROP_NS, value: v, ...extra }
}

/** Drops undefined entries and returns undefined for an empty list, so the key is left out. */
export function list<T>(items: readonly (T | undefined)[]): T[] | undefined {
  const kept = items.filter((i): i is T => i !== undefined)
  return kept.length === 0 ? undefined : kept
}

/** A StringDatatype: no leading or trailing whitespace, never empty. */
export function str(s: string, fallback: string): string {
  const t = s.trim().replace(/\s+/g, ' ')
  return t === '' ? fallback : t
}
