import { randomUUID } from 'node:crypto'
import { describe, inject } from 'vitest'
import { createKafkaLog, KafkaLogConfig } from '@vigil/event-log'
import { describeEventLogContract } from '../../packages/event-log/test/contract.js'
import { quietLogger } from '../support/quiet-logger.js'

const brokers = inject('kafkaBrokers')

describe.skipIf(brokers === '')('Kafka adapter', () => {
  describeEventLogContract('kafka', async () => {
    const config = KafkaLogConfig.parse({ type: 'kafka', brokers: [brokers], topic_prefix: `t${randomUUID().slice(0, 8)}.`, partitions: 3, replication_factor: 1 })
    const log = createKafkaLog(config, { logger: quietLogger(), retryBackoffMs: { initial: 100, max: 500 } })
    return { log, cleanup: () => log.close() }
  })
})
