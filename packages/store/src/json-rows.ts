import { Readable } from 'node:stream'
import type { ClickHouseClient } from '@clickhouse/client'

const PLAIN_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)Z$/
const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?([+-]\d{2}:\d{2})$/

/**
 * An RFC 3339 timestamp in ClickHouse's basic DateTime64 text form, in UTC.
 * The basic form parses several times faster than `best_effort`, which is
 * why the store converts instead of asking the engine to guess.
 */
export function chDateTime(iso: string): string {
  const utc = PLAIN_UTC.exec(iso)
  if (utc !== null) return `${utc[1]} ${utc[2]}`
  const off = WITH_OFFSET.exec(iso)
  if (off !== null) {
    const whole = new Date(`${off[1]}${off[3]}`).toISOString()
    return `${whole.slice(0, 10)} ${whole.slice(11, 19)}${off[2] ?? ''}`
  }
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${iso}`)
  return d.toISOString().replace('T', ' ').replace('Z', '')
}

/**
 * Inserts rows already encoded as lines of a text format (TabSeparated,
 * JSONEachRow). `target` is the table, optionally with a column list.
 */
export async function insertLines(client: ClickHouseClient, target: string, format: 'TabSeparated' | 'JSONEachRow', lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return
  const result = await client.exec({ query: `INSERT INTO ${target} FORMAT ${format}`, values: Readable.from([`${lines.join('\n')}\n`]) })
  result.stream.resume()
  result.stream.destroy()
}
