import { z } from 'zod'

export const InProcessLogConfig = z.strictObject({
  type: z.literal('inprocess'),
  /** Records queued but not yet stored; beyond this, publish answers `overloaded` (HTTP 429). */
  max_pending_records: z.number().int().positive().default(50_000),
  /** Most records handed to the consumer in one batch (group commit). */
  max_batch_records: z.number().int().positive().default(10_000),
})

/** Which event log to use. Kafka arrives with the scale-out work; see ADR 0002. */
export const EventLogConfig = z.discriminatedUnion('type', [InProcessLogConfig])
export type EventLogConfig = z.infer<typeof EventLogConfig>
