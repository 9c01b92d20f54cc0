import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '@vigil/core'
import type { Secret } from './config.js'

/**
 * Reads a configured credential. Called by composition roots only, with the
 * environment they were given; `what` names the config key in errors.
 */
export function resolveSecret(secret: Secret, what: string, io: { env: Readonly<Record<string, string | undefined>>; cwd: string }, minLength = 1): string {
  let value: string | undefined
  if ('value' in secret) value = secret.value
  else if ('env' in secret) {
    value = io.env[secret.env]
    if (value === undefined || value === '') throw new AppError('invalid_config', `${what}: environment variable ${secret.env} is not set`)
  } else {
    try {
      value = readFileSync(resolve(io.cwd, secret.file), 'utf8').trim()
    } catch (err) {
      throw new AppError('invalid_config', `${what}: cannot read ${secret.file}: ${(err as Error).message}`)
    }
  }
  if (value.length < minLength) throw new AppError('invalid_config', `${what}: must be at least ${minLength} characters`)
  return value
}
