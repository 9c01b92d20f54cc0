import type { Metrics } from '@vigil/platform'
import { acceptEvents, type AcceptDeps, type AcceptResult } from '../accept-batch.js'
import { classifyDecoded, type DecodedEvent, type Rejected } from '../classify.js'

/** What a configured source is known by. */
export interface SourceIdentity {
  name: string
  cluster: string
}

/**
 * Hands what a cloud source decoded to the one accept path (acceptEvents)
 * and counts it per source. Resolves only once everything is durable;
 * throws a retriable AppError otherwise, and then nothing counts as accepted.
 */
export async function acceptFromSource(
  deps: AcceptDeps,
  source: SourceIdentity,
  decoded: { events: readonly DecodedEvent[]; rejected: readonly Rejected[] },
  deliveredAtMs?: number,
): Promise<AcceptResult> {
  const metrics: Metrics = deps.metrics
  const received = decoded.events.length + decoded.rejected.length
  if (received > 0) metrics.sourceEvents.inc({ source: source.name, outcome: 'received' }, received)
  if (deliveredAtMs !== undefined && Number.isFinite(deliveredAtMs)) {
    metrics.sourceLagSeconds.set({ source: source.name }, Math.max(0, (deps.now().getTime() - deliveredAtMs) / 1000))
  }
  if (received === 0) return { accepted: 0, duplicates: 0, dead_lettered: 0 }
  const result = await acceptEvents(deps, { cluster: source.cluster, classified: classifyDecoded(decoded.events, decoded.rejected) })
  if (result.accepted > 0) metrics.sourceEvents.inc({ source: source.name, outcome: 'accepted' }, result.accepted)
  if (result.duplicates > 0) metrics.sourceEvents.inc({ source: source.name, outcome: 'redelivered' }, result.duplicates)
  if (result.dead_lettered > 0) metrics.sourceEvents.inc({ source: source.name, outcome: 'rejected' }, result.dead_lettered)
  return result
}
