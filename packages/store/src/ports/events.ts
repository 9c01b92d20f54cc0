import type { Page } from '../page.js'
import type { StoreOps } from '../store-ops.js'
import { AUDIT_EVENTS_TABLE, getRawAuditEvent, insertAuditEvents, searchAuditEvents, type AuditEventRow, type EventKey, type EventQuery, type EventSummary } from '../tables/audit-events.js'

/** Stored audit events: the raw, redacted stream. */
export interface EventStore {
  write(rows: readonly AuditEventRow[]): Promise<void>
  search(q: EventQuery): Promise<Page<EventSummary>>
  /** The stored (redacted) event, or undefined if retention removed it. */
  getRaw(key: EventKey): Promise<unknown | undefined>
}

export function createEventStore(ops: StoreOps): EventStore {
  const { client } = ops
  return {
    write: (rows) => ops.write(AUDIT_EVENTS_TABLE, 'writing audit events', () => insertAuditEvents(client, rows)),
    search: (q) => ops.read('searching events', () => searchAuditEvents(client, q)),
    getRaw: (key) => ops.read('reading an event', () => getRawAuditEvent(client, key)),
  }
}
