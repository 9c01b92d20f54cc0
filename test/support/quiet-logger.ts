import { createLogger, type Logger } from '@vigil/platform'

/** A logger that keeps quiet unless VIGIL_TEST_LOG_LEVEL asks otherwise. */
export function quietLogger(): Logger {
  const level = (process.env['VIGIL_TEST_LOG_LEVEL'] ?? 'silent') as 'silent'
  return createLogger({ level })
}
