import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClickHouseClient } from '../src/index.js'
import { describeStoreContract } from './store-contract.js'

describeStoreContract('chDB (embedded ClickHouse)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'))
  const client = await createClickHouseClient({ type: 'chdb' }, dir)
  return {
    client,
    cleanup: async () => {
      await client.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
