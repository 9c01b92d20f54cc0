import { isMap, isScalar, type Document, type LineCounter } from 'yaml'
import type { z } from 'zod'

/** A parsed rule file, kept so problems can name the line and column they are about. */
export interface Located {
  file: string
  doc: Document
  lines: LineCounter
}

/** `file:line:col` of the node at `path`, or of its nearest ancestor that has a position. */
export function positionOf(at: Located, path: readonly (string | number)[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = at.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node?.range !== undefined) {
      const { line, col } = at.lines.linePos(node.range[0])
      return `${at.file}:${line}:${col}`
    }
  }
  return at.file
}

/** Where a key (not its value) of the map at `path` is written; the map's position if it is not found. */
export function keyPositionOf(at: Located, path: readonly (string | number)[], key: string): string {
  const map = at.doc.getIn(path, true)
  if (isMap(map)) {
    const k = map.items.find((p) => isScalar(p.key) && p.key.value === key)?.key as { range?: [number, number, number] } | undefined
    if (k?.range !== undefined) {
      const { line, col } = at.lines.linePos(k.range[0])
      return `${at.file}:${line}:${col}`
    }
  }
  return positionOf(at, path)
}

/** One problem line per zod issue, positioned at the offending node (or key, for unknown keys). */
export function zodProblems(at: Located, base: readonly (string | number)[], error: z.ZodError, what: string): string[] {
  return error.issues.map((issue) => {
    const path = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]
    const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
    if (issue.code === 'unrecognized_keys') return `${keyPositionOf(at, path, issue.keys[0] as string)}: ${what}: ${field}unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    return `${positionOf(at, path)}: ${what}: ${field}${issue.message}`
  })
}
