import { AppError, partitionKey, REDACTED_ANNOTATION, type AuditEvent, type DeadLetter } from '@vigil/core'
import type { EventLogProducer, OutgoingRecord } from '@vigil/event-log'
import type { Metrics } from '@vigil/platform'
import { classify, type Classified, type Rejected } from './classify.js'
import { decodeContent, parseSegments, splitTopLevel, type BodyLimits } from './decode-body.js'
import { eventKey, type RecentKeys } from './recent-keys.js'
import { scrubText, type Redactor } from './redact.js'

export interface AcceptDeps {
  producer: EventLogProducer
  redactor: Redactor
  recent: RecentKeys
  metrics: Metrics
  limits: BodyLimits
  now: () => Date
}

export interface AcceptInput {
  cluster: string
  body: Buffer | undefined
  contentEncoding: string | undefined
}

export interface AcceptResult {
  accepted: number
  duplicates: number
  dead_lettered: number
}

const MAX_DEAD_LETTER_CHARS = 64 * 1024
/** A record of one key's events stays under this, well below the topics' 16 MiB message limit. */
const MAX_RECORD_BYTES = 1024 * 1024

function deadLetter(cluster: string, receivedAt: string, r: Rejected, redactor: Redactor): DeadLetter {
  let raw: string
  if (r.text !== undefined) {
    raw = scrubText(r.text, 4096)
  } else {
    redactor.redactLoose(r.value)
    raw = JSON.stringify(r.value) ?? 'null'
    if (raw.length > MAX_DEAD_LETTER_CHARS) raw = `${raw.slice(0, MAX_DEAD_LETTER_CHARS)}… [truncated, ${raw.length} chars]`
  }
  return { cluster, received_at: receivedAt, reason: r.reason, detail: r.detail.slice(0, 2048), raw }
}

/** How many of a batch's repeated keys a duplicate letter lists; its count is exact. */
const MAX_DUPLICATE_KEYS = 20

/** The letter that records a batch's dedup drops: reason `duplicate`, raw `{"count":n,"keys":[…]}`. */
export function duplicateLetter(cluster: string, receivedAt: string, count: number, keys: readonly string[]): DeadLetter {
  return {
    cluster,
    received_at: receivedAt,
    reason: 'duplicate',
    detail: `${count} event(s) repeated a (cluster, auditID, stage) already accepted and were dropped`,
    raw: JSON.stringify({ count, received_at: receivedAt, keys }),
  }
}

/**
 * Takes one webhook body from one cluster: decodes and classifies it, then
 * hands it to acceptEvents. Resolves only once everything is durable.
 * Throws an AppError for a body that cannot be taken as a whole (4xx) or
 * that cannot be made durable now (429/503).
 */
export async function acceptBatch(deps: AcceptDeps, input: AcceptInput): Promise<AcceptResult> {
  if (input.body === undefined || input.body.length === 0) throw new AppError('empty_body', 'the request body is empty; send an audit EventList')
  const bytes = await decodeContent(input.body, input.contentEncoding, deps.limits)
  const segments = splitTopLevel(bytes, deps.limits.maxDepth)
  if (segments.length === 0) throw new AppError('empty_body', 'the request body holds only whitespace; send an audit EventList')
  const classified = classify(parseSegments(bytes, segments))
  if (classified.candidates === 0) {
    const first = classified.rejected[0]
    if (first?.reason === 'invalid_json') throw new AppError('invalid_json', `the body is not valid JSON: ${first.detail}`)
    throw new AppError('not_audit_events', `the body holds no audit Event or EventList: ${first?.detail ?? 'nothing recognisable'}`)
  }
  return acceptEvents(deps, { cluster: input.cluster, classified })
}

export interface AcceptEventsInput {
  cluster: string
  /** Decoded events and the rejects found while decoding them. */
  classified: Classified
}

/**
 * The one accept path every source ends in (the webhook, Firehose, Pub/Sub,
 * Event Hubs): validates, redacts, deduplicates on (cluster, auditID, stage)
 * and publishes events, dead-letters the rejects, and resolves only once
 * everything is durable. Throws a retriable AppError when the log cannot
 * take the data now; nothing is remembered as seen in that case.
 */
export async function acceptEvents(deps: AcceptDeps, input: AcceptEventsInput): Promise<AcceptResult> {
  const { metrics } = deps
  const { classified } = input
  const receivedAt = deps.now().toISOString()
  const { cluster } = input
  metrics.eventsReceived.inc({ cluster }, classified.events.length + classified.rejected.filter((r) => r.reason !== 'invalid_json' && r.reason !== 'not_audit_event').length)

  const records: OutgoingRecord[] = []
  const inBatch = new Set<string>()
  const headers = { cluster, received_at: receivedAt }
  // One record per partition key: the key's events as JSON lines (AUDIT_RECORD_FORMAT).
  const groups = new Map<string, { lines: string[]; events: AuditEvent[]; bytes: number }>()
  const flushGroup = (key: string, g: { lines: string[]; events: AuditEvent[] }) => records.push({ topic: 'audit', key, value: g.lines.join('\n'), headers, parsed: g.events })
  let duplicates = 0
  const duplicateKeys: string[] = []
  for (const [index, event] of classified.events.entries()) {
    const key = eventKey(cluster, event.auditID, event.stage)
    if (inBatch.has(key) || deps.recent.has(key)) {
      duplicates++
      if (duplicateKeys.length < MAX_DUPLICATE_KEYS) duplicateKeys.push(`${event.auditID}/${event.stage}`)
      continue
    }
    inBatch.add(key)
    const claimed = event.annotations !== undefined && REDACTED_ANNOTATION in event.annotations
    const removed = deps.redactor.redact(event)
    // An event redaction left alone keeps the text it arrived with, when that
    // text is one line; everything else is serialised again.
    const text = classified.texts[index]
    const line = removed.length === 0 && !claimed && text !== undefined && !text.includes('\n') && !text.includes('\r') ? text : JSON.stringify(event)
    const pk = partitionKey(cluster, event)
    let g = groups.get(pk)
    if (g !== undefined && g.bytes + line.length > MAX_RECORD_BYTES) {
      flushGroup(pk, g)
      g = undefined
    }
    if (g === undefined) groups.set(pk, (g = { lines: [], events: [], bytes: 0 }))
    g.lines.push(line)
    g.events.push(event)
    g.bytes += line.length + 1
  }
  for (const [pk, g] of groups) flushGroup(pk, g)
  // Dedup drops are recorded durably too, one letter per batch with the count, so
  // a coverage report can state them (docs/evidence.md).
  if (duplicates > 0) records.push({ topic: 'deadletter', key: cluster, value: JSON.stringify(duplicateLetter(cluster, receivedAt, duplicates, duplicateKeys)), headers })
  for (const r of classified.rejected) {
    records.push({ topic: 'deadletter', key: cluster, value: JSON.stringify(deadLetter(cluster, receivedAt, r, deps.redactor)), headers })
  }

  metrics.batchSize.observe({ stage: 'ingest' }, classified.events.length)
  metrics.inFlightBatches.inc({ service: 'ingest' })
  try {
    if (records.length > 0) await deps.producer.publish(records)
  } finally {
    metrics.inFlightBatches.dec({ service: 'ingest' })
  }
  deps.recent.addAll(inBatch)
  if (duplicates > 0) metrics.eventsDropped.inc({ reason: 'duplicate' }, duplicates)
  for (const r of classified.rejected) metrics.deadLetters.inc({ reason: r.reason })
  metrics.eventsPublished.inc({ topic: 'audit' }, inBatch.size)
  if (classified.rejected.length > 0) metrics.eventsPublished.inc({ topic: 'deadletter' }, classified.rejected.length)
  return { accepted: inBatch.size, duplicates, dead_lettered: classified.rejected.length }
}
