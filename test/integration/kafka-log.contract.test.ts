import { randomUUID } from 'node:crypto'
import { describe, expect, inject, it } from 'vitest'
import { createKafkaLog, KafkaLogConfig } from '@vigil/event-log'
import { describeEventLogContract } from '../../packages/event-log/test/contract.js'
import { quietLogger } from '../support/quiet-logger.js'

const brokers = inject('kafkaBrokers')

function makeKafkaLog() {
  const config = KafkaLogConfig.parse({ type: 'kafka', brokers: [brokers], topic_prefix: `t${randomUUID().slice(0, 8)}.`, partitions: 3, replication_factor: 1 })
  return createKafkaLog(config, { logger: quietLogger(), retryBackoffMs: { initial: 100, max: 500 } })
}

describe.skipIf(brokers === '')('Kafka adapter', () => {
  describeEventLogContract('kafka', async () => {
    const log = makeKafkaLog()
    return { log, cleanup: () => log.close() }
  })

  it('a second producer close waits for the batch the first one is draining', async () => {
    const log = makeKafkaLog()
    try {
      let settled = false
      const published = log
        .producer()
        .publish([{ topic: 'audit', key: 'c1/alice', value: '{}', headers: { cluster: 'c1' } }])
        .finally(() => {
          settled = true
        })
      const first = log.producer().close()
      await log.producer().close()
      expect(settled).toBe(true)
      await Promise.all([first, published])
    } finally {
      await log.close()
    }
  })
})
