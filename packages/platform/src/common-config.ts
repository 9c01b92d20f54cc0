import { z } from 'zod'

/** Keys every service reads. */
export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
export type LogLevel = z.infer<typeof LogLevel>

export const CommonConfigShape = {
  /** Where embedded state lives: the chDB store, generated tokens. */
  data_dir: z.string().min(1).default('./data'),
  log_level: LogLevel.default('info'),
  /** Hard limit on an orderly shutdown before the process exits anyway. */
  shutdown_deadline_ms: z.number().int().positive().default(15_000),
}

/**
 * Every top-level section of vigil's config. One file configures every
 * service: a service's schema owns some sections and lets the others pass
 * unread (see sectionsOwnedElsewhere), so a new section is added here once.
 */
export const CONFIG_SECTIONS = ['event_log', 'store', 'retention', 'ingest', 'analyzer', 'api', 'evidence', 'ledger', 'alerting', 'router'] as const
export type ConfigSection = (typeof CONFIG_SECTIONS)[number]

/** The shape entries a service's schema uses for the sections it does not read: present or not, left unparsed. */
export function sectionsOwnedElsewhere<O extends ConfigSection>(owned: readonly O[]): { [K in Exclude<ConfigSection, O>]: z.ZodOptional<z.ZodUnknown> } {
  const shape: Record<string, z.ZodOptional<z.ZodUnknown>> = {}
  for (const s of CONFIG_SECTIONS) if (!(owned as readonly string[]).includes(s)) shape[s] = z.unknown().optional()
  return shape as { [K in Exclude<ConfigSection, O>]: z.ZodOptional<z.ZodUnknown> }
}
