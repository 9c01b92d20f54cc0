import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from './errors.js'

/** Reads a file a config key names (relative to `cwd`); a file that cannot be read is a startup error naming the key. */
export function readConfiguredFile(key: string, file: string, cwd: string): Buffer {
  try {
    return readFileSync(resolve(cwd, file))
  } catch (err) {
    throw new AppError('invalid_config', `cannot read ${key} ${file}: ${(err as Error).message}`)
  }
}
