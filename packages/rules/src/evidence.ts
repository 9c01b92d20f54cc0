import { isCelVariable, type CelNode } from './cel.js'

function isNode(v: unknown): v is CelNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as CelNode).op === 'string'
}

/** `a.b.c` for a field-selection chain rooted at a variable, else undefined. */
function chain(node: CelNode): { root: string; path: string } | undefined {
  if (node.op === 'id' && typeof node.args === 'string') return { root: node.args, path: node.args }
  if ((node.op === '.' || node.op === '.?') && Array.isArray(node.args) && isNode(node.args[0]) && typeof node.args[1] === 'string') {
    const inner = chain(node.args[0])
    return inner === undefined ? undefined : { root: inner.root, path: `${inner.path}.${node.args[1]}` }
  }
  return undefined
}

/**
 * Variables too broad to keep whole as evidence: the raw event (stored in
 * audit_events_v1 and linked from every finding) and its bodies, which may
 * hold values (ConfigMap data, env) that a finding must not copy.
 */
const NOT_EVIDENCE = new Set(['lists', 'event', 'requestObject', 'responseObject'])

/**
 * The event fields a condition reads: maximal field chains rooted at an
 * event variable, plus the identifiers that name macros (resolved by the
 * caller) and the names of the lists it reads (`lists.name`). Comprehension
 * variables, `lists` and whole bodies are not evidence.
 */
export function referencedPaths(ast: CelNode): { paths: Set<string>; identifiers: Set<string>; lists: Set<string> } {
  const paths = new Set<string>()
  const identifiers = new Set<string>()
  const lists = new Set<string>()
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x)
      return
    }
    if (!isNode(v)) return
    const c = v.op === 'id' || v.op === '.' || v.op === '.?' ? chain(v) : undefined
    if (c !== undefined) {
      identifiers.add(c.root)
      // Anything under `lists` is configuration, not an event field.
      if (c.root === 'lists') {
        const name = c.path.split('.')[1]
        if (name !== undefined) lists.add(name)
      } else if (isCelVariable(c.root) && !NOT_EVIDENCE.has(c.path)) paths.add(c.path)
      if (v.op === 'id') return
      if (isCelVariable(c.root)) return
    }
    visit(v.args)
  }
  visit(ast)
  return { paths, identifiers, lists }
}

const MAX_EVIDENCE_CHARS = 2048

/** A value safe and small enough to keep in a finding. */
export function evidenceValue(v: unknown): unknown {
  if (v === undefined) return null
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'string') return v.length <= MAX_EVIDENCE_CHARS ? v : `${v.slice(0, MAX_EVIDENCE_CHARS)}… [truncated, ${v.length} chars]`
  if (typeof v !== 'object' || v === null) return v
  let text: string
  try {
    text = JSON.stringify(v)
  } catch {
    return '[unserialisable]'
  }
  return text.length <= MAX_EVIDENCE_CHARS ? v : `${text.slice(0, MAX_EVIDENCE_CHARS)}… [truncated, ${text.length} chars]`
}
