import kafkajs from 'kafkajs'
import { TOPIC_NAMES, type KafkaLogConfig } from '@vigil/event-log'

const { Kafka, logLevel } = kafkajs

/** Records on the audit and dead-letter topics that the analyzer group has not committed yet. */
export async function analyzerLag(log: KafkaLogConfig, group = 'vigil-analyzer'): Promise<number> {
  const kafka = new Kafka({ clientId: 'lag-probe', brokers: log.brokers, logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  await admin.connect()
  try {
    let lag = 0
    for (const t of [TOPIC_NAMES.audit, TOPIC_NAMES.deadletter]) {
      const topic = `${log.topic_prefix}${t}`
      const ends = await admin.fetchTopicOffsets(topic)
      const [committed] = await admin.fetchOffsets({ groupId: `${log.topic_prefix}${group}`, topics: [topic] })
      for (const p of ends) {
        const c = committed?.partitions.find((x) => x.partition === p.partition)
        const done = c === undefined || c.offset === '-1' ? 0 : Number(c.offset)
        lag += Number(p.high) - done
      }
    }
    return lag
  } finally {
    await admin.disconnect()
  }
}

export async function waitForNoLag(log: KafkaLogConfig, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const lag = await analyzerLag(log)
    if (lag === 0) return
    if (Date.now() > end) throw new Error(`analyzer lag still ${lag} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
