import { resolve } from 'node:path'
import { createClient, type ClickHouseClient } from '@clickhouse/client'
import { AppError, readConfiguredFile } from '@vigil/core'
import type { StoreConfig } from './config.js'

export type { ClickHouseClient } from '@clickhouse/client'

/** Settings every statement runs with. Timestamps go in as basic DateTime64 text (see json-rows.ts). */
const SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  input_format_json_read_objects_as_strings: 1,
} as const

/** Where a chDB store keeps its files: store.path (default `chdb`) under the data directory; undefined for a server. */
export function chdbPathOf(config: StoreConfig, dataDir: string): string | undefined {
  return config.type === 'chdb' ? resolve(dataDir, config.path ?? 'chdb') : undefined
}

/**
 * Builds the @clickhouse/client for either backend. chDB is an optional
 * dependency, loaded only when the config asks for it; its files go under
 * `dataDir` (see chdbPathOf).
 */
export async function createClickHouseClient(config: StoreConfig, dataDir: string): Promise<ClickHouseClient> {
  if (config.type === 'clickhouse') {
    return createClient({
      url: config.url,
      username: config.username,
      password: config.password,
      database: config.database,
      request_timeout: config.request_timeout_ms,
      clickhouse_settings: SETTINGS,
      ...(config.tls === undefined ? {} : { tls: readStoreTls(config.tls) }),
    })
  }
  const path = resolve(dataDir, config.path ?? 'chdb')
  let createChdbConnection: (options: { path: string }) => unknown
  try {
    ;({ createChdbConnection } = (await import('chdb/connection')) as { createChdbConnection: typeof createChdbConnection })
  } catch (err) {
    throw new AppError('invalid_config', 'store.type is "chdb" but the optional dependency "chdb" is not installed; run `npm install chdb` or use store.type "clickhouse"', { cause: err })
  }
  try {
    return createClient({ connection: createChdbConnection({ path }) as never, clickhouse_settings: SETTINGS })
  } catch (err) {
    throw new AppError('invalid_config', `cannot open the chDB store at ${path}: ${(err as Error).message} (one process owns a chDB data directory)`, { cause: err })
  }
}

function readStoreTls(tls: { ca_file: string; cert_file?: string | undefined; key_file?: string | undefined }): { ca_cert: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (what: string, file: string) => readConfiguredFile(`store.tls.${what}`, file, process.cwd())
  const ca_cert = read('ca_file', tls.ca_file)
  return tls.cert_file === undefined || tls.key_file === undefined ? { ca_cert } : { ca_cert, cert: read('cert_file', tls.cert_file), key: read('key_file', tls.key_file) }
}

const RETRIABLE_CLICKHOUSE_TYPES = new Set([
  'TIMEOUT_EXCEEDED',
  'NETWORK_ERROR',
  'SOCKET_TIMEOUT',
  'TOO_MANY_PARTS',
  'TOO_MANY_SIMULTANEOUS_QUERIES',
  'MEMORY_LIMIT_EXCEEDED',
  'TABLE_IS_READ_ONLY',
  'ALL_CONNECTION_TRIES_FAILED',
  'KEEPER_EXCEPTION',
  'ABORTED',
])

/** Translates a ClickHouse or transport error into an AppError, once, at the edge. */
export function toStoreError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err
  const e = err as { type?: string; code?: string; message?: string }
  const message = `${what}: ${e?.message ?? String(err)}`
  if (typeof e?.type === 'string' && e.type.length > 0) {
    return RETRIABLE_CLICKHOUSE_TYPES.has(e.type)
      ? new AppError('unavailable', message, { cause: err, retryAfterSeconds: 1 })
      : new AppError('store_error', message, { cause: err })
  }
  // No ClickHouse error type: a transport failure (refused, reset, timeout) or an engine outage.
  return new AppError('unavailable', message, { cause: err, retryAfterSeconds: 1 })
}
