import { parsePath } from '../activation.js'
import { CEL_VARIABLES, isCelVariable } from '../cel.js'

/**
 * The typed parts of an audit.k8s.io/v1 Event: a field under them that is not
 * listed here is a typo, which would otherwise make a rule silently never fire.
 * Bodies, annotations and `user.extra` stay free-form.
 */
const EVENT_SUBFIELDS: Partial<Record<string, ReadonlySet<string>>> = {
  user: new Set(['username', 'uid', 'groups', 'extra']),
  impersonatedUser: new Set(['username', 'uid', 'groups', 'extra']),
  objectRef: new Set(['resource', 'namespace', 'name', 'uid', 'apiGroup', 'apiVersion', 'resourceVersion', 'subresource']),
  responseStatus: new Set(['metadata', 'status', 'message', 'reason', 'details', 'code']),
}

/** Why `path` (`user.username`, `annotations["a/b"]`) cannot name a field of an event, if it cannot; `shown` is how the message writes it. */
export function eventFieldProblem(path: string, shown = path): string | undefined {
  const [root, field] = parsePath(path).segments as [string, string | undefined]
  if (!isCelVariable(root)) return `unknown field ${shown}`
  if (root === 'lists') return `${shown} is a list, not an event field`
  if (field === undefined) return undefined
  if (CEL_VARIABLES[root] === 'string') return `unknown field ${shown} (${root} is a string)`
  const known = EVENT_SUBFIELDS[root]
  if (known !== undefined && !known.has(field)) return `unknown field ${shown} (${root} has ${[...known].join(', ')})`
  return undefined
}

/** The candidate nearest to `name` by edit distance, if it is near enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined
  for (const c of candidates) {
    const d = editDistance(name, c)
    if (d <= Math.max(2, Math.floor(name.length / 4)) && (best === undefined || d < best.d)) best = { c, d }
  }
  return best?.c
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length] as number
}
