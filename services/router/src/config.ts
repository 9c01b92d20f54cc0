import { z } from 'zod'
import { CommonConfigShape, sectionsOwnedElsewhere } from '@vigil/platform'
import { EventLogConfig } from '@vigil/event-log'
import { SlaHours } from '@vigil/evidence'
import { RetentionConfig, StoreConfig } from '@vigil/store'

export const RouterSection = z.strictObject({
  /** Consumer group on `vigil.alerts.v1`. */
  group: z.string().min(1).default('vigil-router'),
  /** Longest sleep between two looks at the groups and the outbox; group_wait 0 still wakes it at once. */
  tick_max_ms: z.number().int().min(10).max(60_000).default(1000),
  /** How often silences and pending outbox rows (tests, replays) are re-read from the store: the api writes them, perhaps in another process. */
  refresh_ms: z.number().int().min(100).max(300_000).default(5000),
  /** Address of the standalone router's /metrics and /healthz. */
  metrics_host: z.string().default('127.0.0.1'),
  metrics_port: z.number().int().min(0).max(65535).default(8083),
})
export type RouterSection = z.infer<typeof RouterSection>

/**
 * The router's config. `alerting` holds routes and sinks; it is validated by
 * `loadAlerting` (with secret resolution and the egress check), not here,
 * so its problems are listed with their keys in one pass.
 */
export const RouterConfigSchema = z.strictObject({
  ...CommonConfigShape,
  event_log: EventLogConfig.prefault({ type: 'inprocess' }),
  store: StoreConfig.prefault({ type: 'chdb' }),
  retention: RetentionConfig.prefault({}),
  router: RouterSection.prefault({}),
  /** The router reads only the triage SLAs (for digests); the api owns and checks the rest of the section. */
  evidence: z.looseObject({ sla_hours: SlaHours.prefault({}) }).prefault({}),
  ...sectionsOwnedElsewhere(['event_log', 'store', 'retention', 'router', 'evidence']),
})
export type RouterConfig = z.infer<typeof RouterConfigSchema>
