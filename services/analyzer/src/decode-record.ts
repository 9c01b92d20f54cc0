import { checkAuditEvent, type AuditEvent, type DeadLetter, type StampedEvent } from '@vigil/core'
import type { ConsumedRecord } from '@vigil/event-log'

export type Decoded = { ok: true; stamped: StampedEvent } | { ok: false; dead: DeadLetter }

const MAX_RAW = 64 * 1024

/**
 * Reads one audit record: the events of one partition key, one JSON object
 * per line (`value`), with `cluster` and `received_at` headers. Anything
 * malformed (a poison message written by something other than ingest, or
 * by a buggy one) becomes a dead letter, line by line.
 */
export function decodeAuditRecord(record: ConsumedRecord, now: () => Date): Decoded[] {
  const cluster = record.headers['cluster']
  const receivedAt = record.headers['received_at']
  const poison = (detail: string, raw: string): Decoded => ({
    ok: false,
    dead: {
      cluster: cluster ?? '',
      received_at: receivedAt !== undefined && !Number.isNaN(Date.parse(receivedAt)) ? receivedAt : now().toISOString(),
      reason: 'poison_record',
      detail: `offset ${record.offset}: ${detail}`,
      raw: raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}… [truncated]` : raw,
    },
  })
  if (cluster === undefined || cluster === '') return [poison('missing cluster header', record.value)]
  if (receivedAt === undefined || Number.isNaN(Date.parse(receivedAt))) return [poison('missing or invalid received_at header', record.value)]
  const lines = record.value.split('\n')
  // The in-process log hands on the events ingest parsed and validated; Kafka records are bytes.
  const parsed = record.parsed
  if (Array.isArray(parsed) && parsed.length === lines.length) {
    return parsed.map((event, i) => ({ ok: true, stamped: { cluster, received_at: receivedAt, event: event as AuditEvent, raw: lines[i] as string } }))
  }
  return lines.map((line): Decoded => {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (err) {
      return poison(`not JSON: ${(err as Error).message}`, line)
    }
    const checked = checkAuditEvent(value)
    if (!checked.ok) return poison(`not an audit event: ${checked.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, line)
    return { ok: true, stamped: { cluster, received_at: receivedAt, event: checked.event, raw: line } }
  })
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
