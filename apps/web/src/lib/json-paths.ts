/** How the raw-event view names a node: `objectRef.resource`, `requestObject.spec.containers[0].image`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return parent === '' ? key : `${parent}.${key}`
}

export type Mark = 'match' | 'inside' | 'ancestor' | undefined

/**
 * How a node relates to the fields a rule used: the field itself, inside
 * one (a value under a matched object), or on the way to one.
 */
export function markOf(path: string, matched: ReadonlySet<string>): Mark {
  if (path === '') return matched.size > 0 ? 'ancestor' : undefined
  if (matched.has(path)) return 'match'
  for (const m of matched) {
    if (path.startsWith(`${m}.`) || path.startsWith(`${m}[`)) return 'inside'
  }
  for (const m of matched) {
    if (m.startsWith(`${path}.`) || m.startsWith(`${path}[`)) return 'ancestor'
  }
  return undefined
}
