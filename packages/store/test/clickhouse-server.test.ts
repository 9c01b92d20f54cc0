import { randomUUID } from 'node:crypto'
import { createClient } from '@clickhouse/client'
import { describe, it } from 'vitest'
import { ClickHouseStoreConfig, createClickHouseClient } from '../src/index.js'
import { describeStoreContract } from './store-contract.js'

// The same contract over a ClickHouse server, when one is given:
//   CLICKHOUSE_URL=http://user:password@host:8123 npx vitest run --project service packages/store
// No server new enough for @clickhouse/client can be installed on the CI machine (Debian ships
// 18.16), so CI runs the contract on chDB only; see docs/operations/clickhouse-cluster.md.
const url = process.env['CLICKHOUSE_URL']

if (url === undefined || url === '') {
  describe('store contract: ClickHouse server', () => {
    it.skip('set CLICKHOUSE_URL to run the storage contract against a server', () => {})
  })
} else {
  describeStoreContract(`ClickHouse server ${new URL(url).host}`, async () => {
    const u = new URL(url)
    const database = `vigil_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`
    const admin = createClient({ url: `${u.protocol}//${u.host}`, username: decodeURIComponent(u.username || 'default'), password: decodeURIComponent(u.password) })
    await admin.command({ query: `CREATE DATABASE ${database}` })
    const client = await createClickHouseClient(ClickHouseStoreConfig.parse({ type: 'clickhouse', url: `${u.protocol}//${u.host}`, username: decodeURIComponent(u.username || 'default'), password: decodeURIComponent(u.password), database }), process.cwd())
    return {
      client,
      cleanup: async () => {
        await client.close()
        await admin.command({ query: `DROP DATABASE ${database}` })
        await admin.close()
      },
    }
  })
}
