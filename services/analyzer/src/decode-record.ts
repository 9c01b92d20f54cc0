import { checkAuditEvent, type AuditEvent, type DeadLetter, type StampedEvent } from '@vigil/core'
import type { ConsumedRecord } from '@vigil/event-log'

export type Decoded = { ok: true; stamped: StampedEvent } | { ok: false; dead: DeadLetter }

const MAX_RAW = 64 * 1024

/**
 * Reads one audit record. Anything malformed (a poison message written by
 * something other than ingest, or by a buggy one) becomes a dead letter.
 */
export function decodeAuditRecord(record: ConsumedRecord, now: () => Date): Decoded {
  const cluster = record.headers['cluster']
  const receivedAt = record.headers['received_at']
  const poison = (detail: string): Decoded => ({
    ok: false,
    dead: {
      cluster: cluster ?? '',
      received_at: receivedAt !== undefined && !Number.isNaN(Date.parse(receivedAt)) ? receivedAt : now().toISOString(),
      reason: 'poison_record',
      detail: `offset ${record.offset}: ${detail}`,
      raw: record.value.length > MAX_RAW ? `${record.value.slice(0, MAX_RAW)}… [truncated]` : record.value,
    },
  })
  if (cluster === undefined || cluster === '') return poison('missing cluster header')
  if (receivedAt === undefined || Number.isNaN(Date.parse(receivedAt))) return poison('missing or invalid received_at header')
  // The in-process log hands on the event ingest parsed and validated; Kafka records are bytes.
  if (record.parsed !== undefined) return { ok: true, stamped: { cluster, received_at: receivedAt, event: record.parsed as AuditEvent, raw: record.value } }
  let value: unknown
  try {
    value = JSON.parse(record.value)
  } catch (err) {
    return poison(`not JSON: ${(err as Error).message}`)
  }
  const checked = checkAuditEvent(value)
  if (!checked.ok) return poison(`not an audit event: ${checked.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return { ok: true, stamped: { cluster, received_at: receivedAt, event: checked.event, raw: record.value } }
}

/** A dead-letter record published by ingest. */
export function decodeDeadLetterRecord(record: ConsumedRecord, now: () => Date): DeadLetter {
  try {
    const v = JSON.parse(record.value) as Partial<DeadLetter>
    if (typeof v.cluster === 'string' && typeof v.reason === 'string' && typeof v.raw === 'string' && typeof v.received_at === 'string') {
      return { cluster: v.cluster, received_at: v.received_at, reason: v.reason, detail: String(v.detail ?? ''), raw: v.raw }
    }
  } catch {
    // fall through
  }
  return { cluster: record.headers['cluster'] ?? '', received_at: now().toISOString(), reason: 'poison_record', detail: `offset ${record.offset}: unreadable dead letter`, raw: record.value.slice(0, MAX_RAW) }
}
