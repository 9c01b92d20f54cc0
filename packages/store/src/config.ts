import { z } from 'zod'

export const ChdbStoreConfig = z.strictObject({
  type: z.literal('chdb'),
  /** Data directory of the embedded engine. Default: `<data_dir>/chdb`. One process owns it. */
  path: z.string().min(1).optional(),
})

export const ClickHouseStoreConfig = z.strictObject({
  type: z.literal('clickhouse'),
  url: z.url({ protocol: /^https?$/ }),
  username: z.string().default('default'),
  password: z.string().default(''),
  database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('default'),
  /** Per-request timeout. */
  request_timeout_ms: z.number().int().positive().default(30_000),
  /** For an https:// url with a private CA, and for mutual TLS. PEM files. */
  tls: z
    .strictObject({
      ca_file: z.string().min(1),
      cert_file: z.string().min(1).optional(),
      key_file: z.string().min(1).optional(),
    })
    .refine((t) => (t.cert_file === undefined) === (t.key_file === undefined), 'give both cert_file and key_file, or neither')
    .optional(),
})

export const RetentionConfig = z.strictObject({
  /**
   * Set each table's TTL at start when it differs. Turn off where an operator
   * manages tables (replicated or Distributed tables, tiered storage).
   */
  manage: z.boolean().default(true),
  audit_events_days: z.number().int().positive().default(400),
  findings_days: z.number().int().positive().default(2190),
  dead_letters_days: z.number().int().positive().default(90),
  /** The API access log is evidence of who read what (HIPAA asks for six years of documentation). */
  access_log_days: z.number().int().positive().default(2190),
})
export type RetentionConfig = z.infer<typeof RetentionConfig>

/**
 * Where findings and events are kept. Same SQL on both: chDB embeds the
 * ClickHouse engine. A section without `type` is chdb.
 */
export const StoreConfig = z.preprocess(
  (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) && !('type' in v) ? { type: 'chdb', ...v } : v),
  z.discriminatedUnion('type', [ChdbStoreConfig, ClickHouseStoreConfig]),
)
export type StoreConfig = z.infer<typeof StoreConfig>
