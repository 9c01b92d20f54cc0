import { generateKeyPairSync } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AppError } from '@vigil/core'
import { signingKeyFrom, type SigningKey } from '@vigil/ledger'
import type { LedgerConfig } from '@vigil/store'

export const GENERATED_KEY_FILE = 'ledger-signing-key.pem'

function parse(material: string, from: string): SigningKey {
  try {
    return signingKeyFrom(material)
  } catch (err) {
    throw new AppError('invalid_config', `${from} holds no usable Ed25519 key: ${(err as Error).message}`, { cause: err })
  }
}

/**
 * The checkpoint signing key: ledger.signing_key (usually from
 * VIGIL_LEDGER__SIGNING_KEY), else ledger.signing_key_file, else — only
 * where `generate` is allowed (`vigil start`) — a PKCS#8 PEM under the data
 * directory, created on the first start with mode 0600 and reused after.
 */
export function resolveSigningKey(config: LedgerConfig, options: { cwd: string; dataDir: string; generate: boolean }): { key: SigningKey; source: string; created: boolean } {
  if (config.signing_key !== undefined) return { key: parse(config.signing_key, 'ledger.signing_key'), source: 'ledger.signing_key', created: false }
  if (config.signing_key_file !== undefined) {
    const path = resolve(options.cwd, config.signing_key_file)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (err) {
      throw new AppError('invalid_config', `ledger.signing_key_file ${path} cannot be read: ${(err as Error).message}`, { cause: err })
    }
    return { key: parse(text, path), source: path, created: false }
  }
  if (!options.generate) throw new AppError('invalid_config', 'the ledger is enabled but no checkpoint signing key is configured: set ledger.signing_key_file or VIGIL_LEDGER__SIGNING_KEY, or ledger.enabled: false')
  const path = join(options.dataDir, GENERATED_KEY_FILE)
  if (existsSync(path)) {
    chmodSync(path, 0o600)
    return { key: parse(readFileSync(path, 'utf8'), path), source: path, created: false }
  }
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
  writeFileSync(path, pem, { mode: 0o600, flag: 'wx' })
  return { key: parse(pem, path), source: path, created: true }
}
