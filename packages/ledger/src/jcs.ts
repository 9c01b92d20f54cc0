/**
 * RFC 8785 JSON Canonicalization Scheme, for the hot path: members sorted
 * by UTF-16 code units (the default string sort), numbers and strings as
 * ECMAScript serializes them (JSON.stringify), no whitespace. Lone
 * surrogates, NaN, Infinity, BigInt, symbols and functions are rejected
 * rather than silently altered. Members whose value is undefined (or a
 * function) are skipped and array holes become null, as JSON.stringify
 * does, so a record canonicalizes to the JSON the store already holds.
 */
export function canonicalize(value: unknown): string {
  const out = serialize(value)
  if (out === undefined) throw new TypeError('JCS: the value has no JSON representation')
  return out
}

/** The UTF-8 bytes of canonicalize(value): what a leaf hashes. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8')
}

const wellFormed = (String.prototype as unknown as { isWellFormed?: () => boolean }).isWellFormed
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function string(s: string): string {
  if (wellFormed === undefined ? LONE_SURROGATE.test(s) : !wellFormed.call(s)) throw new TypeError('JCS: a string holds a lone surrogate')
  return JSON.stringify(s)
}

function serialize(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return string(v)
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`JCS: ${v} is not a JSON number`)
      return JSON.stringify(v)
    case 'boolean':
      return v ? 'true' : 'false'
    case 'undefined':
    case 'function':
      return undefined
    case 'object': {
      if (v === null) return 'null'
      const toJSON = (v as { toJSON?: unknown }).toJSON
      if (typeof toJSON === 'function') return serialize((toJSON as () => unknown).call(v))
      if (Array.isArray(v)) {
        let out = '['
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ','
          out += serialize(v[i]) ?? 'null'
        }
        return `${out}]`
      }
      const o = v as Record<string, unknown>
      const keys = Object.keys(o).sort()
      let out = '{'
      let first = true
      for (const k of keys) {
        const member = serialize(o[k])
        if (member === undefined) continue
        out += `${first ? '' : ','}${string(k)}:${member}`
        first = false
      }
      return `${out}}`
    }
    default:
      throw new TypeError(`JCS: a ${typeof v} has no JSON representation`)
  }
}
