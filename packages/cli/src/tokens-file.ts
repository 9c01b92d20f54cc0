import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '@vigil/core'

/**
 * A token kept in a 0600 file under the data directory: created on the first
 * start, read back on every later one.
 */
export function ensureTokenFile(dataDir: string, name: 'ingest-token' | 'admin-token', prefix: string): { token: string; path: string; created: boolean } {
  const path = join(dataDir, name)
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim()
    if (token.length < 16) throw new AppError('invalid_config', `${path} holds no usable token (delete it to generate a new one)`)
    chmodSync(path, 0o600)
    return { token, path, created: false }
  }
  const token = `${prefix}${randomBytes(24).toString('base64url')}`
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' })
  return { token, path, created: true }
}
