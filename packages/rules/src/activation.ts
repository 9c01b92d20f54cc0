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
  class EventActivation {
    readonly memo: Map<string, { value?: unknown; error?: unknown }> = new Map()
    readonly event: AuditEvent
    readonly cluster: string
    readonly auditID: string
    readonly stage: string
    readonly level: string
    readonly verb: string
    readonly requestURI: string
    readonly userAgent: string
    readonly user: Activation['user']
    readonly impersonatedUser: Obj
    readonly objectRef: Activation['objectRef']
    readonly responseStatus: Activation['responseStatus']
    readonly requestObject: unknown
    readonly responseObject: unknown
    readonly annotations: Obj
    readonly sourceIPs: string[]
    readonly lists = lists

    constructor(e: AuditEvent, cluster: string) {
      this.event = e
      this.cluster = cluster
      this.auditID = e.auditID
      this.stage = e.stage
      this.level = e.level ?? ''
      this.verb = e.verb
      this.requestURI = e.requestURI
      this.userAgent = e.userAgent ?? ''
      const u = e.user
      this.user = { username: u.username ?? '', uid: u.uid ?? '', groups: u.groups ?? [], extra: obj(u.extra) }
      this.impersonatedUser = obj(e.impersonatedUser)
      const r = e.objectRef
      this.objectRef = {
        resource: r?.resource ?? '',
        namespace: r?.namespace ?? '',
        name: r?.name ?? '',
        apiGroup: r?.apiGroup ?? '',
        apiVersion: r?.apiVersion ?? '',
        subresource: r?.subresource ?? '',
        uid: r?.uid ?? '',
      }
      const s = e.responseStatus
      this.responseStatus = { code: s?.code ?? 0, status: s?.status ?? '', reason: s?.reason ?? '', message: s?.message ?? '' }
      this.requestObject = e.requestObject ?? EMPTY
      this.responseObject = e.responseObject ?? EMPTY
      this.annotations = obj(e.annotations)
      this.sourceIPs = e.sourceIPs ?? []
    }
  }
  for (const [name, program] of macros) {
    Object.defineProperty(EventActivation.prototype, name, {
      get(this: EventActivation) {
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

/** Reads a dotted path (`user.username`, `objectRef.resource`) from an activation. */
export function readPath(activation: object, path: string): unknown {
  let cur: unknown = activation
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined
    if (Array.isArray(cur)) {
      const i = Number(key)
      if (!Number.isInteger(i)) return undefined
      cur = cur[i]
    } else {
      cur = (cur as Obj)[key]
    }
  }
  return cur
}
