import type { AuditEvent } from './audit-event.js'

/** The key ingest gives each event on the event log: one identity of one cluster. */
export function partitionKey(cluster: string, event: Pick<AuditEvent, 'user'>): string {
  return `${cluster}/${event.user.username ?? ''}`
}

/** Headers every audit record carries next to the event JSON. */
export interface AuditHeaders {
  cluster: string
  /** When ingest accepted the event, RFC 3339 with milliseconds. */
  received_at: string
}

/** An audit event as the analyzer sees it: the event plus what ingest stamped on it. */
export interface StampedEvent {
  cluster: string
  received_at: string
  event: AuditEvent
  /** The event JSON exactly as published (redacted), stored as the raw column. */
  raw: string
}

/** A payload ingest could not accept as an event, kept with its reason. */
export interface DeadLetter {
  cluster: string
  received_at: string
  /** `invalid_event`, `not_audit_event`, `poison_record`, … */
  reason: string
  detail: string
  /** The offending JSON (redacted where it could be), truncated to a bound. */
  raw: string
}
