import type { DecodedEvent, Rejected } from '../classify.js'

/** The diagnostic categories that carry audit Events. */
export type AksAuditCategory = 'kube-audit' | 'kube-audit-admin'

export interface AksDecoded {
  events: DecodedEvent[]
  rejected: Rejected[]
  /** Records of other categories (kube-apiserver, guard, …), skipped. */
  skipped: number
  /** The latest record `time`, ms since the epoch. */
  latestTimeMs: number | undefined
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Decodes one Event Hubs event body written by an AKS diagnostic setting:
 * `{"records":[{category, properties:{log:"<native Event JSON>\n"}, resourceId, time}]}`.
 * Only the configured audit categories are taken. When both kube-audit and
 * kube-audit-admin are streamed, every write arrives twice with the same
 * auditID and stage; the accept path's (cluster, auditID, stage) dedup keeps one.
 */
export function decodeAksEventBody(body: string, categories: ReadonlySet<string>, out: AksDecoded = { events: [], rejected: [], skipped: 0, latestTimeMs: undefined }): AksDecoded {
  if (body.charCodeAt(0) === 0xfeff) {
    out.rejected.push({ reason: 'invalid_record', detail: 'the Event Hubs body starts with a byte order mark', value: undefined, text: body.slice(0, 4096) })
    return out
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch (err) {
    out.rejected.push({ reason: 'invalid_record', detail: `the Event Hubs body is not JSON: ${(err as Error).message}`, value: undefined, text: body.slice(0, 4096) })
    return out
  }
  const records = isObject(parsed) ? parsed['records'] : undefined
  if (!Array.isArray(records)) {
    out.rejected.push({ reason: 'invalid_record', detail: 'the Event Hubs body has no records array', value: parsed })
    return out
  }
  for (const r of records) decodeAksRecord(r, categories, out)
  return out
}

/** One `records[]` entry (also one line of a Storage-account capture). */
export function decodeAksRecord(r: unknown, categories: ReadonlySet<string>, out: AksDecoded): void {
  if (!isObject(r)) {
    out.rejected.push({ reason: 'invalid_record', detail: 'a record is not an object', value: r })
    return
  }
  if (typeof r['category'] !== 'string' || !categories.has(r['category'])) {
    out.skipped++
    return
  }
  const time = typeof r['time'] === 'string' ? Date.parse(r['time']) : NaN
  if (Number.isFinite(time) && (out.latestTimeMs === undefined || time > out.latestTimeMs)) out.latestTimeMs = time
  const props = r['properties']
  const log = isObject(props) ? props['log'] : undefined
  if (typeof log !== 'string' || log.trim() === '') {
    out.rejected.push({ reason: 'invalid_record', detail: `a ${r['category']} record without properties.log`, value: { ...r, properties: undefined } })
    return
  }
  const text = log.trim()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    out.rejected.push({ reason: 'invalid_json', detail: `properties.log of a ${r['category']} record: ${(err as Error).message}`, value: undefined, text })
    return
  }
  out.events.push({ value, text: text.includes('\n') ? undefined : text })
}
