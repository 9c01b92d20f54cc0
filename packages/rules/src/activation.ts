import type { AuditEvent } from '@vigil/core'

type Obj = Record<string, unknown>

const EMPTY: Obj = Object.freeze({}) as Obj

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : EMPTY
}

/** What a condition sees. Absent fields read as neutral values, so conditions rarely need `has()`. */
export interface Activation {
  event: AuditEvent
  cluster: string
  auditID: string
  stage: string
  level: string
  verb: string
  requestURI: string
  userAgent: string
  user: { username: string; uid: string; groups: string[]; extra: Obj }
  impersonatedUser: Obj
  objectRef: { resource: string; namespace: string; name: string; apiGroup: string; apiVersion: string; subresource: string; uid: string }
  responseStatus: { code: number; status: string; reason: string; message: string }
  requestObject: unknown
  responseObject: unknown
  annotations: Obj
  sourceIPs: string[]
  lists: Readonly<Record<string, readonly string[]>>
}

export type MacroProgram = (activation: object) => unknown

/**
 * Builds activations for one ruleset. Macros are lazy, memoised getters:
 * each is computed at most once per event however many rules use it.
 */
export function createActivationFactory(
  macros: ReadonlyMap<string, MacroProgram>,
  lists: Readonly<Record<string, readonly string[]>>,
): (event: AuditEvent, cluster: string) => Activation {
  // Fields are computed on first read and cached: most events meet a few
  // conditions that read a few fields, so eager copies would be waste.
  class EventActivation {
    memo: Map<string, { value?: unknown; error?: unknown }> | undefined
    readonly lists = lists
    private u: Activation['user'] | undefined
    private r: Activation['objectRef'] | undefined
    private s: Activation['responseStatus'] | undefined

    constructor(
      readonly event: AuditEvent,
      readonly cluster: string,
    ) {}

    get auditID(): string {
      return this.event.auditID
    }
    get stage(): string {
      return this.event.stage
    }
    get level(): string {
      return this.event.level ?? ''
    }
    get verb(): string {
      return this.event.verb
    }
    get requestURI(): string {
      return this.event.requestURI
    }
    get userAgent(): string {
      return this.event.userAgent ?? ''
    }
    get user(): Activation['user'] {
      if (this.u === undefined) {
        const u = this.event.user
        this.u = { username: u.username ?? '', uid: u.uid ?? '', groups: u.groups ?? [], extra: obj(u.extra) }
      }
      return this.u
    }
    get impersonatedUser(): Obj {
      return obj(this.event.impersonatedUser)
    }
    get objectRef(): Activation['objectRef'] {
      if (this.r === undefined) {
        const r = this.event.objectRef
        this.r = {
          resource: r?.resource ?? '',
          namespace: r?.namespace ?? '',
          name: r?.name ?? '',
          apiGroup: r?.apiGroup ?? '',
          apiVersion: r?.apiVersion ?? '',
          subresource: r?.subresource ?? '',
          uid: r?.uid ?? '',
        }
      }
      return this.r
    }
    get responseStatus(): Activation['responseStatus'] {
      if (this.s === undefined) {
        const s = this.event.responseStatus
        this.s = { code: s?.code ?? 0, status: s?.status ?? '', reason: s?.reason ?? '', message: s?.message ?? '' }
      }
      return this.s
    }
    get requestObject(): unknown {
      return this.event.requestObject ?? EMPTY
    }
    get responseObject(): unknown {
      return this.event.responseObject ?? EMPTY
    }
    get annotations(): Obj {
      return obj(this.event.annotations)
    }
    get sourceIPs(): string[] {
      return this.event.sourceIPs ?? []
    }
  }
  for (const [name, program] of macros) {
    Object.defineProperty(EventActivation.prototype, name, {
      get(this: EventActivation) {
        this.memo ??= new Map()
        let slot = this.memo.get(name)
        if (slot === undefined) {
          slot = {}
          try {
            slot.value = program(this)
          } catch (err) {
            slot.error = err
          }
          this.memo.set(name, slot)
        }
        if (slot.error !== undefined) throw slot.error
        return slot.value
      },
    })
  }
  return (event, cluster) => new EventActivation(event, cluster) as unknown as Activation
}

const SEGMENT = /^(?:\.?([A-Za-z0-9_-]+)|\["([^"]+)"\])/

/** `a.b["c/d"].e` → ['a', 'b', 'c/d', 'e']; a trailing `[keys]` is reported separately. */
export function parsePath(path: string): { segments: string[]; keys: boolean } {
  let rest = path
  const keys = rest.endsWith('[keys]')
  if (keys) rest = rest.slice(0, -'[keys]'.length)
  const segments: string[] = []
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest)
    if (m === null) return { segments: [...segments, rest], keys }
    segments.push((m[1] ?? m[2]) as string)
    rest = rest.slice(m[0].length)
  }
  return { segments, keys }
}

const parsed = new Map<string, { segments: string[]; keys: boolean }>()

/** Reads a path (`user.username`, `annotations["a/b"]`, `requestObject.data[keys]`) from an activation. */
export function readPath(activation: object, path: string): unknown {
  let p = parsed.get(path)
  if (p === undefined) {
    p = parsePath(path)
    if (parsed.size > 10_000) parsed.clear()
    parsed.set(path, p)
  }
  let cur: unknown = activation
  for (const key of p.segments) {
    if (typeof cur !== 'object' || cur === null) return undefined
    if (Array.isArray(cur)) {
      const i = Number(key)
      if (!Number.isInteger(i)) return undefined
      cur = cur[i]
    } else {
      cur = (cur as Obj)[key]
    }
  }
  if (p.keys) return typeof cur === 'object' && cur !== null ? Object.keys(cur) : undefined
  return cur
}
