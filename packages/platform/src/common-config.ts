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
