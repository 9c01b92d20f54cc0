import type { KafkaLogConfig } from './config.js'
import { createKafkaClient, type LogSink } from './kafka/client.js'
import { createGroupConsumer } from './kafka/group-consumer.js'
import { createKafkaProducer } from './kafka/producer.js'
import { topicNames, topicPreparer } from './kafka/topics.js'
import type { EventLog, EventLogConsumer } from './port.js'

export { KAFKA_MAX_MESSAGE_BYTES } from './kafka/topics.js'
export { createKafkaClient, type KafkaConnection, type LogSink } from './kafka/client.js'
export { createGroupConsumer, type GroupConsumer, type GroupConsumerOptions, type RawBatch } from './kafka/group-consumer.js'

export interface KafkaLogDeps {
  logger: LogSink
  /** Backoff between retries of a failed batch handler. */
  retryBackoffMs?: { initial: number; max: number }
  /** Called when a consumer crashed and kafkajs would not restart it (the consumer restarts it); for a metric. */
  onConsumerCrash?: (() => void) | undefined
}

/**
 * The scale-out event log on Kafka (kafkajs): topics (kafka/topics.ts), the
 * group-committing idempotent producer (kafka/producer.ts) and consumers that
 * commit only after the handler resolved (kafka/group-consumer.ts). kafkajs
 * stays behind this directory (ADR 0002), so another client can replace it.
 */
export function createKafkaLog(config: KafkaLogConfig, deps: KafkaLogDeps): EventLog {
  const logger = deps.logger
  const backoff = deps.retryBackoffMs ?? { initial: 500, max: 10_000 }
  const names = topicNames(config.topic_prefix)
  const kafka = createKafkaClient(config, logger)
  const prepare = topicPreparer(kafka, config, names, logger)
  const logProducer = createKafkaProducer({ kafka, names, prepare, publishTimeoutMs: config.publish_timeout_ms })
  const consumers = new Set<EventLogConsumer>()

  function consumer(options: { group: string }): EventLogConsumer {
    let group: ReturnType<typeof createGroupConsumer> | undefined
    let stopped: Promise<void> | undefined
    const c: EventLogConsumer = {
      async run(opts) {
        await prepare()
        group = createGroupConsumer(kafka, {
          groupId: `${config.topic_prefix}${options.group}`,
          topics: opts.topics.map(names.name),
          fromBeginning: true,
          partitionsConsumedConcurrently: config.partitions_consumed_concurrently,
          onRebalance: opts.onRebalance,
          backoff,
          logger,
          onCrash: deps.onConsumerCrash === undefined ? undefined : () => deps.onConsumerCrash?.(),
          handler: async (batch) => {
            const topic = names.topicOf(batch.topic)
            if (topic === undefined) return
            await opts.handler({ topic, partition: batch.partition, records: batch.records })
          },
        })
        if (stopped !== undefined) return
        await group.run()
        consumers.add(c)
      },
      stop() {
        stopped ??= (async () => {
          consumers.delete(c)
          await group?.stop()
        })()
        return stopped
      },
    }
    return c
  }

  return {
    kind: 'kafka',
    prepare,
    producer: () => logProducer,
    consumer,
    async close() {
      await Promise.all([...consumers].map((c) => c.stop()))
      await logProducer.close()
    },
  }
}
