import { createInProcessLog } from '../src/index.js'
import { describeEventLogContract } from './contract.js'

describeEventLogContract('in-process', async () => {
  const log = createInProcessLog({ maxPendingRecords: 10_000, maxBatchRecords: 100, maxInFlightBatches: 2 })
  return { log, cleanup: () => log.close() }
})
