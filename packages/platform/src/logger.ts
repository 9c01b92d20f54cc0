import { pino, type Logger, type DestinationStream } from 'pino'
import type { LogLevel } from './common-config.js'

export type { Logger } from 'pino'

/** Paths pino blanks in every log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  '*.password',
  'password',
]

/** The one root logger of a process. Components take `logger.child({ component })`. */
export function createLogger(options: { level: LogLevel; name?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'vigil',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    options.destination,
  )
}
