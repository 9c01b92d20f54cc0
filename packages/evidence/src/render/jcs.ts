/**
 * RFC 8785 JSON Canonicalization Scheme: keys sorted by UTF-16 code units,
 * no whitespace, ECMAScript number and string serialization. Keys are written
 * in sorted order as they are visited; rebuilding a sorted object and calling
 * JSON.stringify would not do, because JavaScript enumerates integer-like keys
 * ("1", "10") before all others.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = []
  write(value, out)
  return out.join('')
}

function write(value: unknown, out: string[]): void {
  if (value === null) {
    out.push('null')
    return
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false')
      return
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`JCS: ${value} is not a JSON number`)
      out.push(JSON.stringify(value))
      return
    case 'string':
      out.push(quote(value))
      return
    case 'object':
      break
    default:
      throw new TypeError(`JCS: a ${typeof value} is not JSON`)
  }
  if (Array.isArray(value)) {
    out.push('[')
    value.forEach((v, i) => {
      if (i > 0) out.push(',')
      write(v === undefined ? null : v, out)
    })
    out.push(']')
    return
  }
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  out.push('{')
  keys.forEach((k, i) => {
    if (i > 0) out.push(',')
    out.push(quote(k), ':')
    write(obj[k], out)
  })
  out.push('}')
}

const SURROGATE = /[\uD800-\uDFFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function quote(s: string): string {
  // The cheap test first: almost no string has a surrogate at all.
  if (SURROGATE.test(s) && LONE_SURROGATE.test(s)) throw new TypeError('JCS: a string holds a lone surrogate')
  return JSON.stringify(s)
}
