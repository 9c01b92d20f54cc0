import { REDACTED_ANNOTATION, type AuditEvent } from '@vigil/core'

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const SECRET_FIELDS = ['data', 'stringData'] as const
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

/** Dotted paths; `*` steps into every element of an array or every value of an object. */
export type RedactPath = string

export interface Redactor {
  /** Removes secret material in place; returns the paths it removed. */
  redact(event: AuditEvent): string[]
  /** Best effort for payloads that are not valid events (dead letters). */
  redactLoose(value: unknown): void
}

/** Strips a Secret (or SecretList item) of its values; returns what it removed. */
function stripSecret(o: Obj, at: string, removed: string[]): void {
  for (const f of SECRET_FIELDS) {
    if (f in o) {
      delete o[f]
      removed.push(`${at}.${f}`)
    }
  }
  const annotations = isObj(o['metadata']) && isObj((o['metadata'] as Obj)['annotations']) ? ((o['metadata'] as Obj)['annotations'] as Obj) : undefined
  if (annotations !== undefined && LAST_APPLIED in annotations) {
    delete annotations[LAST_APPLIED]
    removed.push(`${at}.metadata.annotations.${LAST_APPLIED}`)
  }
}

/**
 * A secret-bearing key and its value: a string or a flat object, either of
 * which may be cut short (a truncated line, or our own prefix cut), and an
 * object whose string values hold braces.
 */
const SECRET_VALUE = /"(data|stringData|token|password)"\s*:\s*("(?:[^"\\]|\\.)*"?|\{(?:[^"}]|"(?:[^"\\]|\\.)*"?)*\}?)/g

/** Text that failed to parse may still hold secret values: keep a scrubbed prefix only. */
export function scrubText(text: string, maxChars: number): string {
  const truncated = text.length > maxChars
  const head = (truncated ? text.slice(0, maxChars) : text).replace(SECRET_VALUE, '"$1":"[redacted]"')
  return truncated ? `${head}… [${text.length} chars]` : head
}

/** Walks an object for anything of kind Secret (lists, watch events, List of mixed kinds) and strips it. */
function stripSecretsDeep(v: unknown, at: string, removed: string[], depth = 0): void {
  if (depth > 8) return
  if (Array.isArray(v)) {
    v.forEach((x, i) => stripSecretsDeep(x, `${at}[${i}]`, removed, depth + 1))
    return
  }
  if (!isObj(v)) return
  if (v['kind'] === 'Secret') stripSecret(v, at, removed)
  for (const key of ['items', 'object']) if (key in v) stripSecretsDeep(v[key], `${at}.${key}`, removed, depth + 1)
}

/** Everything under a Secret request or response: values at any depth (lists, tables, patches). */
function stripAllSecretValues(v: unknown, at: string, removed: string[], depth = 0): void {
  if (depth > 16) return
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      if (isObj(x) && typeof x['op'] === 'string' && 'value' in x) {
        delete x['value']
        removed.push(`${at}[${i}].value`)
      }
      stripAllSecretValues(x, `${at}[${i}]`, removed, depth + 1)
    })
    return
  }
  if (!isObj(v)) return
  stripSecret(v, at, removed)
  for (const [k, x] of Object.entries(v)) if (typeof x === 'object' && x !== null) stripAllSecretValues(x, `${at}.${k}`, removed, depth + 1)
}

function removePath(root: Obj, steps: readonly string[], at: string, removed: string[]): void {
  const [head, ...rest] = steps
  if (head === undefined) return
  const targets: [Obj | unknown[], string | number, string][] = []
  if (head === '*') {
    if (Array.isArray(root)) root.forEach((_, i) => targets.push([root, i, `${at}[${i}]`]))
    else if (isObj(root)) for (const k of Object.keys(root)) targets.push([root, k, `${at}.${k}`])
  } else if (isObj(root) && Object.hasOwn(root, head)) {
    targets.push([root, head, `${at}.${head}`])
  }
  for (const [parent, key, path] of targets) {
    if (rest.length === 0) {
      if (Array.isArray(parent)) parent[key as number] = '[redacted]'
      else delete (parent as Obj)[key as string]
      removed.push(path.replace(/^\./, ''))
    } else {
      removePath((parent as Obj)[key as string] as Obj, rest, path, removed)
    }
  }
}

/**
 * Removes secret material before anything is published: Secret values in
 * request and response objects (including lists and patches), the
 * last-applied annotation that copies them, TokenRequest tokens, TokenReview
 * tokens, and any configured paths. The removed paths are recorded in the
 * `vigil.dev/redacted` annotation.
 */
export function createRedactor(extraPaths: readonly RedactPath[]): Redactor {
  const extra = extraPaths.map((p) => p.split('.'))
  return {
    redact(event) {
      const removed: string[] = []
      const resource = event.objectRef?.resource
      const sub = event.objectRef?.subresource ?? ''
      const e = event as unknown as Obj
      if (resource === 'secrets') {
        stripAllSecretValues(e['requestObject'], 'requestObject', removed)
        stripAllSecretValues(e['responseObject'], 'responseObject', removed)
      } else {
        stripSecretsDeep(e['requestObject'], 'requestObject', removed)
        stripSecretsDeep(e['responseObject'], 'responseObject', removed)
      }
      if (resource === 'serviceaccounts' && sub === 'token') {
        const status = isObj(e['responseObject']) ? (e['responseObject'] as Obj)['status'] : undefined
        if (isObj(status) && 'token' in status) {
          delete status['token']
          removed.push('responseObject.status.token')
        }
      }
      if (resource === 'tokenreviews') {
        for (const side of ['requestObject', 'responseObject']) {
          const spec = isObj(e[side]) ? (e[side] as Obj)['spec'] : undefined
          if (isObj(spec) && 'token' in spec) {
            delete spec['token']
            removed.push(`${side}.spec.token`)
          }
        }
      }
      for (const steps of extra) removePath(e, steps, '', removed)
      // The annotation is ours: never pass on one a client sent.
      if (event.annotations !== undefined && REDACTED_ANNOTATION in event.annotations) delete event.annotations[REDACTED_ANNOTATION]
      if (removed.length > 0) {
        event.annotations = { ...(event.annotations ?? {}), [REDACTED_ANNOTATION]: removed.join(',') }
      }
      return removed
    },
    redactLoose(value) {
      if (!isObj(value)) return
      const removed: string[] = []
      // A payload we could not read may be anything, a bare SecretList
      // included: drop every Secret-shaped value in it.
      stripAllSecretValues(value, '', removed)
      for (const side of ['requestObject', 'responseObject']) {
        const o = value[side]
        stripAllSecretValues(o, side, removed)
        if (isObj(o)) {
          const spec = o['spec']
          if (isObj(spec)) delete spec['token']
          const status = o['status']
          if (isObj(status)) delete status['token']
        }
      }
      for (const steps of extra) removePath(value, steps, '', removed)
    },
  }
}
