/**
 * Helper functions rules can call from CEL. Pure, total (never throw on odd
 * input), and documented in docs/rules.md.
 */

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function get(v: unknown, ...path: string[]): unknown {
  let cur = v
  for (const key of path) {
    if (!isObj(cur)) return undefined
    cur = cur[key]
  }
  return cur
}

const CONTAINER_KEYS = ['containers', 'initContainers', 'ephemeralContainers'] as const

function looksLikePodSpec(o: Obj): boolean {
  return CONTAINER_KEYS.some((k) => Array.isArray(o[k]))
}

/**
 * The pod spec inside a Pod, a pod template (Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, Job), a CronJob, or a merge patch of any of them
 * (a patch has no kind and may carry only the fields it changes); `{}` otherwise.
 */
export function podSpec(object: unknown): Obj {
  if (!isObj(object)) return {}
  const kind = object['kind']
  if (kind === 'Pod') return isObj(object['spec']) ? object['spec'] : {}
  for (const path of [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['template', 'spec']]) {
    const c = get(object, ...path)
    if (isObj(c)) return c
  }
  const spec = object['spec']
  if (kind === undefined && isObj(spec) && !isObj(spec['template']) && !isObj(spec['jobTemplate'])) return spec
  return {}
}

/** containers + initContainers + ephemeralContainers of a pod spec or of any object holding one. */
export function allContainers(specOrObject: unknown): Obj[] {
  const spec = isObj(specOrObject) && looksLikePodSpec(specOrObject) ? specOrObject : podSpec(specOrObject)
  const out: Obj[] = []
  for (const key of CONTAINER_KEYS) {
    const list = spec[key]
    if (Array.isArray(list)) for (const c of list) if (isObj(c)) out.push(c)
  }
  return out
}

/**
 * The repository of an image reference, without tag or digest:
 * `registry.io:5000/team/app:1.2@sha256:…` → `registry.io:5000/team/app`.
 * Unlike Falco, a registry port is kept (Falco yields `registry.io`).
 */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0] as string
  const slash = noDigest.lastIndexOf('/')
  const colon = noDigest.lastIndexOf(':')
  return colon > slash ? noDigest.slice(0, colon) : noDigest
}

/** The registry host of an image reference; `docker.io` when the reference names none. */
export function imageRegistry(image: string): string {
  const repo = imageRepository(image)
  const first = repo.split('/')[0] as string
  if (repo.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first
  return 'docker.io'
}

const globCache = new Map<string, RegExp>()

/** `*` matches any run of characters; everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern)
  if (re === undefined) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's')
    if (globCache.size > 10_000) globCache.clear()
    globCache.set(pattern, re)
  }
  return re
}

export function glob(value: string, pattern: string): boolean {
  return globToRegExp(pattern).test(value)
}

/** The first value of a query parameter in a request URI, or "". */
export function queryParam(uri: string, name: string): string {
  const q = uri.indexOf('?')
  if (q < 0) return ''
  for (const part of uri.slice(q + 1).split('&')) {
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    if (safeDecode(key) === name) return eq < 0 ? '' : safeDecode(part.slice(eq + 1))
  }
  return ''
}

/** All values of a query parameter, in order (exec sends one `command` per argument). */
export function queryParams(uri: string, name: string): string[] {
  const q = uri.indexOf('?')
  if (q < 0) return []
  const out: string[] = []
  for (const part of uri.slice(q + 1).split('&')) {
    const eq = part.indexOf('=')
    if (safeDecode(eq < 0 ? part : part.slice(0, eq)) === name) out.push(eq < 0 ? '' : safeDecode(part.slice(eq + 1)))
  }
  return out
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** JSON text of a value, for substring checks over whole objects. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? ''
  } catch {
    return ''
  }
}
