import { checkAuditEvent, type AuditEvent } from '@vigil/core'
import type { ParsedValue } from './decode-body.js'

export interface Rejected {
  /**
   * `invalid_json`, `not_audit_event` and `invalid_event` come from any
   * source; `invalid_record` (a cloud record that does not decode: bad
   * base64, gzip or envelope), `truncated_event` (CloudWatch cut the event at
   * 256 KB) and `unmappable_entry` (a GKE LogEntry that is not a Kubernetes
   * audit entry) come from the cloud sources.
   */
  reason: 'invalid_json' | 'not_audit_event' | 'invalid_event' | 'invalid_record' | 'truncated_event' | 'unmappable_entry'
  detail: string
  value: unknown
  text?: string
}

export interface Classified {
  events: AuditEvent[]
  /** For each event, its own JSON text when the body carried it verbatim (EventList items). */
  texts: (string | undefined)[]
  rejected: Rejected[]
  /** How many values were recognised as events or event lists, valid or not. */
  candidates: number
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function candidateSink(out: Classified): (v: unknown, text?: string) => void {
  return (v, text) => {
    out.candidates++
    if (!isObject(v)) {
      out.rejected.push({ reason: 'invalid_event', detail: `an event must be an object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`, value: v })
      return
    }
    const checked = checkAuditEvent(v)
    if (checked.ok) {
      out.events.push(checked.event)
      out.texts.push(text)
    } else out.rejected.push({ reason: 'invalid_event', detail: summarizeIssues(checked.issues), value: v })
  }
}

/** One event a cloud source decoded from its envelope: the value, and its JSON text when the cloud carried it verbatim. */
export interface DecodedEvent {
  value: unknown
  text?: string | undefined
}

/**
 * Validates events that a cloud source already took out of its envelope
 * (one native Event per CloudWatch log event or Event Hubs record, one
 * mapped Event per GKE LogEntry); `rejected` carries what the decoder could
 * not use, so it reaches the dead-letter lane like a webhook reject.
 */
export function classifyDecoded(decoded: readonly DecodedEvent[], rejected: readonly Rejected[] = []): Classified {
  const out: Classified = { events: [], texts: [], rejected: [...rejected], candidates: 0 }
  const candidate = candidateSink(out)
  for (const d of decoded) candidate(d.value, d.text)
  return out
}

function summarizeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(event)'}: ${i.message}`)
    .join('; ')
}

/**
 * Sorts parsed values into valid events and rejects. An `EventList` (or any
 * object with an `items` array and no other kind) contributes its items; an
 * object with kind `Event` or no kind is an event candidate; a JSON array
 * contributes its elements. Anything else is not an audit event.
 */
export function classify(values: readonly ParsedValue[]): Classified {
  const out: Classified = { events: [], texts: [], rejected: [], candidates: 0 }
  const candidate = candidateSink(out)
  const top = (v: unknown, nested: boolean, itemTexts?: readonly string[]) => {
    if (Array.isArray(v) && !nested) {
      for (const x of v) top(x, true)
      return
    }
    if (isObject(v)) {
      const kind = v['kind']
      if (kind === 'EventList' || (kind === undefined && Array.isArray(v['items']))) {
        const items = v['items']
        if (!Array.isArray(items)) {
          out.rejected.push({ reason: 'not_audit_event', detail: 'EventList without an items array', value: v })
          return
        }
        out.candidates++
        const texts = itemTexts !== undefined && itemTexts.length === items.length ? itemTexts : undefined
        items.forEach((item, i) => candidate(item, texts?.[i]))
        return
      }
      if (kind === 'Event' || kind === undefined) {
        candidate(v)
        return
      }
      out.rejected.push({ reason: 'not_audit_event', detail: `kind ${JSON.stringify(kind)} is neither Event nor EventList`, value: v })
      return
    }
    out.rejected.push({ reason: 'not_audit_event', detail: `a ${v === null ? 'null' : Array.isArray(v) ? 'nested array' : typeof v} is not an audit Event or EventList`, value: v })
  }
  for (const p of values) {
    if (p.error !== undefined) out.rejected.push({ reason: 'invalid_json', detail: `line ${p.line}: ${p.error}`, value: undefined, text: p.text })
    else top(p.value, false, p.itemTexts)
  }
  return out
}
