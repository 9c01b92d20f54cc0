import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadAlerting, type LoadedAlerting } from './load.js'
import { AppError } from '@vigil/core'

/**
 * Loads the `alerting` section with secrets from files (relative to `cwd`)
 * and the environment; undefined when the section is absent (routing off).
 * Throws one startup error listing every problem.
 */
export function loadAlertingSection(doc: unknown, io: { env: Readonly<Record<string, string | undefined>>; cwd: string }): LoadedAlerting | undefined {
  if (doc === undefined || doc === null) return undefined
  const r = loadAlerting(doc, { env: io.env, readFile: (p) => readFileSync(resolve(io.cwd, p), 'utf8') })
  if ('problems' in r) {
    throw new AppError('invalid_config', `invalid alerting configuration, ${r.problems.length} problem(s):\n${r.problems.map((p) => `  - alerting.${p}`).join('\n')}`)
  }
  return r
}
