/**
 * Splits `a && b && (c || d)` at top-level `&&`, respecting parentheses and strings.
 * `||` and `?:` bind more loosely than `&&`, so an expression with either at top
 * level is one clause: `a || b && c` is `a || (b && c)`, not `(a || b) && c`.
 */
export function splitClauses(expr: string): string[] {
  const out: string[] = []
  let looser = false
  let depth = 0
  let quote: string | undefined
  let start = 0
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i] as string
    if (quote !== undefined) {
      if (ch === '\\') i++
      else if (ch === quote) quote = undefined
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    else if (ch === '(' || ch === '[' || ch === '{') depth++
    else if (ch === ')' || ch === ']' || ch === '}') depth--
    else if (depth === 0 && ch === '&' && expr[i + 1] === '&') {
      out.push(expr.slice(start, i).trim())
      start = i + 2
      i++
    } else if (depth === 0 && ((ch === '|' && expr[i + 1] === '|') || (ch === '?' && expr[i - 1] !== '.'))) {
      looser = true
    }
  }
  if (looser) return [expr.trim()]
  out.push(expr.slice(start).trim())
  return out.filter((c) => c.length > 0)
}
