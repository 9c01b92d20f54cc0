import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { CommonConfigShape, sectionsOwnedElsewhere } from '@vigil/platform'
import { EventLogConfig } from '@vigil/event-log'
import { LedgerConfig, RetentionConfig, StoreConfig } from '@vigil/store'

/** The rule packs shipped in the repository's `rules/` directory. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))

export const ListOverride = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  items: z.array(z.string()),
  /** Add to the shipped list instead of replacing it. */
  append: z.boolean().default(false),
})

export const AnalyzerSection = z.strictObject({
  /** Rule files or directories, loaded in order; later files override lists, macros and rules. */
  rules_paths: z.array(z.string().min(1)).min(1).default([BUILTIN_RULES_DIR]),
  /** List overrides applied after the rule files: your registries, namespaces, identities. */
  lists: z.array(ListOverride).default([]),
  /** Consumer group on the event log. */
  group: z.string().min(1).default('vigil-analyzer'),
  /** Rows that make a store write flush at once. */
  flush_max_rows: z.number().int().min(1).default(20_000),
  /**
   * How long a batch waits for others to share its insert. 0 writes at once
   * (concurrent batches still merge). Against a ClickHouse server at low
   * traffic, 500–1000 keeps parts large.
   */
  flush_interval_ms: z.number().int().min(0).max(60_000).default(0),
  /**
   * Publish an alert candidate for each finding to `vigil.alerts.v1` in the
   * step that stores the batch, before the commit (the router consumes it).
   * `vigil start` publishes only when an `alerting` section is configured.
   */
  publish_alerts: z.boolean().default(true),
  /** Consumers in this process (Kafka); they share one store, so one process can own a chDB directory. */
  consumers: z.number().int().min(1).max(64).default(1),
  /** Address of the standalone analyzer's /metrics and /healthz. */
  metrics_host: z.string().default('127.0.0.1'),
  metrics_port: z.number().int().min(0).max(65535).default(8082),
})
export type AnalyzerSection = z.infer<typeof AnalyzerSection>

export const AnalyzerConfigSchema = z.strictObject({
  ...CommonConfigShape,
  event_log: EventLogConfig.prefault({ type: 'inprocess' }),
  store: StoreConfig.prefault({ type: 'chdb' }),
  retention: RetentionConfig.prefault({}),
  analyzer: AnalyzerSection.prefault({}),
  ledger: LedgerConfig.prefault({}),
  ...sectionsOwnedElsewhere(['event_log', 'store', 'retention', 'analyzer', 'ledger']),
})
export type AnalyzerConfig = z.infer<typeof AnalyzerConfigSchema>
