import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ClickHouseClient } from '@clickhouse/client'
import { toStoreError } from './client.js'
import type { RetentionConfig } from './config.js'

export interface Migration {
  version: number
  name: string
  sql: string
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url))

/** The numbered SQL files shipped with this package, in order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file.replace(/\.sql$/, ''), sql: readFileSync(`${dir}/${file}`, 'utf8') }))
}

/**
 * Applies the migrations not yet recorded in `vigil_schema_migrations`.
 * Every statement is idempotent on its own too, so a crash between a
 * statement and its record is harmless. Returns the versions applied.
 */
export async function migrate(client: ClickHouseClient, migrations: readonly Migration[] = readMigrations()): Promise<number[]> {
  try {
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS vigil_schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplacingMergeTree ORDER BY version`,
    })
    const rs = await client.query({ query: 'SELECT version FROM vigil_schema_migrations FINAL', format: 'JSONEachRow' })
    const applied = new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)))
    const done: number[] = []
    for (const m of migrations) {
      if (applied.has(m.version)) continue
      for (const statement of splitStatements(m.sql)) await client.command({ query: statement })
      await client.insert({ table: 'vigil_schema_migrations', values: [{ version: m.version, name: m.name }], format: 'JSONEachRow' })
      done.push(m.version)
    }
    return done
  } catch (err) {
    throw toStoreError(err, 'migration failed')
  }
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0)
}

const TTL_COLUMNS = {
  audit_events_v1: ['received_at', 'audit_events_days'],
  findings_v1: ['created_at', 'findings_days'],
  dead_letters_v1: ['received_at', 'dead_letters_days'],
  access_log_v1: ['at', 'access_log_days'],
} as const

/** Sets each table's TTL to the configured retention, only where it differs. */
export async function applyRetention(client: ClickHouseClient, retention: RetentionConfig): Promise<void> {
  if (!retention.manage) return
  try {
    for (const [table, [column, key]] of Object.entries(TTL_COLUMNS)) {
      const days = retention[key]
      const rs = await client.query({ query: 'SELECT create_table_query FROM system.tables WHERE database = currentDatabase() AND name = {table:String}', query_params: { table }, format: 'JSONEachRow' })
      const [row] = await rs.json<{ create_table_query: string }>()
      if (row === undefined) continue
      if (row.create_table_query.includes(`toIntervalDay(${days})`) || row.create_table_query.includes(`INTERVAL ${days} DAY`)) continue
      await client.command({ query: `ALTER TABLE ${table} MODIFY TTL toDateTime(${column}) + toIntervalDay(${days})` })
    }
  } catch (err) {
    throw toStoreError(err, 'applying retention failed')
  }
}
