// Day-one smoke test: kafkajs 2.2.4 against the real broker the Kafka globalSetup starts
// (test/infra/kafka/global-setup.ts; pinned version in docs/adr/0004-kafka-broker-version.md).
// It exercises every protocol API an event-log adapter relies on: admin (CreateTopics, Metadata,
// DescribeConfigs, ListOffsets, OffsetFetch, DescribeGroups, DeleteTopics), Produce (acks=-1,
// gzip and none, idempotent, transactional), Fetch, and the classic consumer-group protocol
// (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, OffsetCommit, LeaveGroup).
//
//   npx vitest run --project integration test/integration/kafka-smoke.test.ts
//
// Every test uses its own topics and group ids, so tests never see each other's data.
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import kafkajs from 'kafkajs'
import type { Admin, Consumer, ConsumerConfig, EachBatchPayload, IMemberAssignment, Kafka as KafkaClient, LogEntry, Message, Producer, ProducerConfig } from 'kafkajs'

const { Kafka, Partitioners, CompressionTypes, ConfigResourceTypes, logLevel } = kafkajs

const brokers = inject('kafkaBrokers')

/** Distinct kafkajs warnings and errors seen during the run, printed at the end (quirks report). */
const kafkajsLogs = new Map<string, number>()

function logCreator(): (entry: LogEntry) => void {
  return ({ level, namespace, log }) => {
    if (level > logLevel.WARN) return
    const error: unknown = log.error
    const key = `${level === logLevel.ERROR ? 'ERROR' : 'WARN'} [${namespace}] ${log.message}${typeof error === 'string' ? ` -> ${error}` : ''}`
    kafkajsLogs.set(key, (kafkajsLogs.get(key) ?? 0) + 1)
  }
}

const run = randomUUID().slice(0, 8)
let sequence = 0
function unique(label: string): string {
  sequence += 1
  return `smoke.${run}.${label}.${sequence}`
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Calls `fetch` until `done` accepts its result; returns that result. */
async function poll<T>(what: string, fetch: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fetch()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function sum(values: Iterable<number>): number {
  let total = 0
  for (const value of values) total += value
  return total
}

describe.skipIf(brokers === '')('kafkajs 2.2.4 against the test Kafka broker', () => {
  let kafka: KafkaClient
  let admin: Admin
  const createdTopics: string[] = []
  /** Clients a test opened; disconnected after each test even when it fails. */
  const openClients: Array<Producer | Consumer> = []

  beforeAll(async () => {
    kafka = new Kafka({
      clientId: `vigil-smoke-${run}`,
      brokers: [brokers],
      logCreator,
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      retry: { retries: 8, initialRetryTime: 200 },
    })
    admin = kafka.admin()
    await admin.connect()
  })

  afterEach(async () => {
    await Promise.allSettled(openClients.splice(0).map((client) => client.disconnect()))
  })

  afterAll(async () => {
    if (admin === undefined) return
    try {
      if (createdTopics.length > 0) {
        // DeleteTopics v1; assert the broker really deleted them.
        await admin.deleteTopics({ topics: createdTopics, timeout: 30_000 })
        const remaining = (await admin.listTopics()).filter((topic) => createdTopics.includes(topic))
        expect(remaining).toEqual([])
      }
    } finally {
      await admin.disconnect()
      if (kafkajsLogs.size > 0) {
        const lines = [...kafkajsLogs].map(([message, count]) => `  ${count}x ${message}`)
        process.stderr.write(`[kafka-smoke] kafkajs warnings/errors seen:\n${lines.join('\n')}\n`)
      }
    }
  })

  async function createTopic(label: string, numPartitions = 3, configEntries: Array<{ name: string; value: string }> = []): Promise<string> {
    const topic = unique(label)
    const created = await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1, configEntries }], waitForLeaders: true, timeout: 30_000 })
    expect(created, `createTopics(${topic})`).toBe(true)
    createdTopics.push(topic)
    return topic
  }

  async function producer(config: ProducerConfig = {}): Promise<Producer> {
    // kafkajs merges the client's `retry` into the producer's: an idempotent producer with limited
    // retries logs "Limiting retries for the idempotent producer may invalidate EoS guarantees".
    const retry = config.idempotent === true ? { retry: { retries: Number.MAX_SAFE_INTEGER } } : {}
    const p = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...retry, ...config })
    openClients.push(p)
    await p.connect()
    return p
  }

  function consumer(config: ConsumerConfig): Consumer {
    const c = kafka.consumer({ sessionTimeout: 15_000, heartbeatInterval: 500, maxWaitTimeInMs: 250, ...config })
    openClients.push(c)
    return c
  }

  async function disconnect(client: Producer | Consumer): Promise<void> {
    await client.disconnect()
    openClients.splice(openClients.indexOf(client), 1)
  }

  /** Produces `count` keyed messages in sends of `perSend`; returns the total records acknowledged. */
  async function produceMany(p: Producer, topic: string, count: number, options: { compression?: number; perSend?: number; tag?: string } = {}): Promise<number> {
    const perSend = options.perSend ?? 1_000
    let acknowledged = 0
    for (let start = 0; start < count; start += perSend) {
      const messages: Message[] = []
      for (let i = start; i < Math.min(count, start + perSend); i++) {
        messages.push({ key: `key-${i}`, value: JSON.stringify({ i, tag: options.tag ?? 'smoke', pad: 'x'.repeat(100) }) })
      }
      const metadata = await p.send({ topic, acks: -1, compression: options.compression ?? CompressionTypes.None, messages })
      for (const record of metadata) expect(record.errorCode).toBe(0)
      acknowledged += messages.length
    }
    return acknowledged
  }

  async function highWatermarks(topic: string): Promise<Map<number, number>> {
    const offsets = await admin.fetchTopicOffsets(topic)
    return new Map(offsets.map((o) => [o.partition, Number(o.high)]))
  }

  async function committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] })
    expect(result?.topic).toBe(topic)
    return new Map((result?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]))
  }

  it('admin: createTopics (3 partitions), describeCluster, fetchTopicMetadata; no auto-creation', async () => {
    const topic = await createTopic('admin')
    // Creating it again is not an error in kafkajs: it answers false (TOPIC_ALREADY_EXISTS).
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).toBe(false)

    const cluster = await admin.describeCluster()
    const [host, port] = brokers.split(':')
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(cluster.brokers).toHaveLength(1)
    expect(cluster.brokers[0]).toMatchObject({ host, port: Number(port) })
    const nodeId = cluster.brokers[0]?.nodeId
    expect(cluster.controller).toBe(nodeId)

    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
    expect(topics).toHaveLength(1)
    const partitions = [...(topics[0]?.partitions ?? [])].sort((a, b) => a.partitionId - b.partitionId)
    expect(partitions.map((p) => p.partitionId)).toEqual([0, 1, 2])
    for (const p of partitions) {
      expect(p.partitionErrorCode).toBe(0)
      expect(p.leader).toBe(nodeId)
      expect(p.replicas).toEqual([nodeId])
      expect(p.isr).toEqual([nodeId])
    }
    expect(await admin.listTopics()).toContain(topic)

    // The broker runs with auto.create.topics.enable=false: unknown topics stay unknown.
    const missing = unique('never-created')
    await expect(admin.fetchTopicMetadata({ topics: [missing] })).rejects.toThrow(/does not host this topic-partition/)
    expect(await admin.listTopics()).not.toContain(missing)
  })

  it('produces 10k messages with acks=-1, uncompressed and gzip, and reads them all back', async () => {
    const plain = await createTopic('produce-none')
    const gzip = await createTopic('produce-gzip')
    const p = await producer()
    expect(await produceMany(p, plain, 10_000, { compression: CompressionTypes.None })).toBe(10_000)
    expect(await produceMany(p, gzip, 10_000, { compression: CompressionTypes.GZIP })).toBe(10_000)

    for (const topic of [plain, gzip]) {
      const high = await highWatermarks(topic)
      expect([...high.keys()].sort()).toEqual([0, 1, 2])
      expect(sum(high.values())).toBe(10_000)
      // Keys spread over all partitions (murmur2 default partitioner).
      for (const count of high.values()) expect(count).toBeGreaterThan(2_000)
    }

    // Consume both back: gzip batches must decompress to the same 10k distinct messages.
    const seen = new Map<string, Set<number>>([[plain, new Set()], [gzip, new Set()]])
    let total = 0
    const c = consumer({ groupId: unique('readback') })
    await c.connect()
    await c.subscribe({ topics: [plain, gzip], fromBeginning: true })
    await c.run({
      eachMessage: async ({ topic, message }) => {
        const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as { i: number }
        expect(message.key?.toString('utf8')).toBe(`key-${value.i}`)
        seen.get(topic)?.add(value.i)
        total += 1
      },
    })
    await waitFor('20k messages read back', () => total >= 20_000, 90_000)
    expect(total).toBe(20_000)
    expect(seen.get(plain)?.size).toBe(10_000)
    expect(seen.get(gzip)?.size).toBe(10_000)
  })

  it('produces 10k messages with an idempotent producer (InitProducerId)', async () => {
    const topic = await createTopic('idempotent')
    const p = await producer({ idempotent: true, maxInFlightRequests: 1 })
    expect(await produceMany(p, topic, 10_000, { compression: CompressionTypes.GZIP, perSend: 500 })).toBe(10_000)
    expect(sum((await highWatermarks(topic)).values())).toBe(10_000)
  })

  it('transactions: a committed batch is visible to read_committed consumers, an aborted one is not', async () => {
    const topic = await createTopic('txn')
    const p = await producer({ transactionalId: unique('txn-producer'), idempotent: true, maxInFlightRequests: 1 })

    const committed = await p.transaction()
    await committed.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ key: `c-${i}`, value: 'committed' })) })
    await committed.commit()
    const aborted = await p.transaction()
    await aborted.send({ topic, messages: Array.from({ length: 50 }, (_, i) => ({ key: `a-${i}`, value: 'aborted' })) })
    await aborted.abort()

    const values: string[] = []
    const c = consumer({ groupId: unique('txn-reader'), readUncommitted: false })
    await c.connect()
    await c.subscribe({ topic, fromBeginning: true })
    await c.run({ eachMessage: async ({ message }) => void values.push(message.value?.toString('utf8') ?? '') })
    // The aborted records and the transaction markers occupy offsets past the committed ones.
    const high = await highWatermarks(topic)
    expect(sum(high.values())).toBeGreaterThan(150)
    await waitFor('100 committed messages', () => values.length >= 100)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(values).toHaveLength(100)
    expect(new Set(values)).toEqual(new Set(['committed']))
  })

  it('a consumer group of 2 members rebalances, splits the 3 partitions, and consumes every message once', async () => {
    const topic = await createTopic('group')
    const groupId = unique('group')
    interface Member {
      name: string
      consumer: Consumer
      joins: IMemberAssignment[]
      consumed: Array<{ partition: number; i: number }>
    }
    const members: Member[] = ['a', 'b'].map((name) => ({ name, consumer: consumer({ groupId }), joins: [], consumed: [] }))
    const start = async (m: Member): Promise<void> => {
      m.consumer.on(m.consumer.events.GROUP_JOIN, (event) => void m.joins.push(event.payload.memberAssignment))
      await m.consumer.connect()
      await m.consumer.subscribe({ topic, fromBeginning: true })
      await m.consumer.run({
        eachMessage: async ({ partition, message }) => {
          const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as { i: number }
          m.consumed.push({ partition, i: value.i })
        },
      })
    }
    const [a, b] = members as [Member, Member]
    const assigned = (m: Member): number[] => [...(m.joins.at(-1)?.[topic] ?? [])].sort()

    await start(a)
    await waitFor('member a to join', () => a.joins.length >= 1)
    expect(assigned(a)).toEqual([0, 1, 2])

    // The second member triggers a rebalance: a re-joins (a second GROUP_JOIN) and gives up partitions.
    const aJoinsBefore = a.joins.length
    await start(b)
    await waitFor('the rebalance (both members assigned)', () => b.joins.length >= 1 && a.joins.length > aJoinsBefore && assigned(a).length > 0 && assigned(a).length < 3)
    const partsA = assigned(a)
    const partsB = assigned(b)
    expect(partsA.length).toBeGreaterThan(0)
    expect(partsB.length).toBeGreaterThan(0)
    expect([...partsA, ...partsB].sort()).toEqual([0, 1, 2])

    const description = await admin.describeGroups([groupId])
    expect(description.groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' })
    expect(description.groups[0]?.members).toHaveLength(2)

    const p = await producer()
    await produceMany(p, topic, 3_000, { tag: 'group' })
    await waitFor('3000 messages consumed by the group', () => a.consumed.length + b.consumed.length >= 3_000)
    await new Promise((resolve) => setTimeout(resolve, 1_000))

    // Each member only got its own partitions; both got data; nothing twice, nothing missing.
    expect(a.consumed.every((r) => partsA.includes(r.partition))).toBe(true)
    expect(b.consumed.every((r) => partsB.includes(r.partition))).toBe(true)
    expect(a.consumed.length).toBeGreaterThan(0)
    expect(b.consumed.length).toBeGreaterThan(0)
    const all = [...a.consumed, ...b.consumed].map((r) => r.i)
    expect(all).toHaveLength(3_000)
    expect(new Set(all).size).toBe(3_000)
  })

  it('eachBatch with manual commits; a restarted consumer resumes from the committed offsets', async () => {
    const topic = await createTopic('resume')
    const groupId = unique('resume')
    const p = await producer()
    await produceMany(p, topic, 1_000, { tag: 'first', perSend: 250 })

    interface Seen {
      partition: number
      offset: number
      tag: string
    }
    const consumeWithCommits = async (seen: Seen[], batches: { count: number }): Promise<Consumer> => {
      const c = consumer({ groupId })
      await c.connect()
      await c.subscribe({ topic, fromBeginning: true })
      await c.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) => {
          batches.count += 1
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) return
            const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as { tag: string }
            seen.push({ partition: batch.partition, offset: Number(message.offset), tag: value.tag })
            resolveOffset(message.offset)
          }
          // Commit the position after this batch: the next offset to read.
          await c.commitOffsets([{ topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }])
          await heartbeat()
        },
      })
      return c
    }

    const first: Seen[] = []
    const firstBatches = { count: 0 }
    const c1 = await consumeWithCommits(first, firstBatches)
    await waitFor('the first 1000 messages', () => first.length >= 1_000)
    const high1 = await highWatermarks(topic)
    // OffsetFetch: the group's commits reach the high watermark of every partition.
    const committed1 = await poll(
      'commits up to the high watermarks',
      () => committedOffsets(groupId, topic),
      (committed) => [...high1].every(([partition, high]) => committed.get(partition) === high),
    )
    await disconnect(c1)
    expect(first).toHaveLength(1_000)
    expect(firstBatches.count).toBeGreaterThanOrEqual(3)
    expect(committed1).toEqual(high1)
    expect(sum(committed1.values())).toBe(1_000)

    // While no member runs, 500 more arrive; the restarted consumer (fromBeginning: true, which only
    // applies without committed offsets) must read exactly those, starting at the committed offsets.
    await produceMany(p, topic, 500, { tag: 'second', perSend: 250 })
    const second: Seen[] = []
    const c2 = await consumeWithCommits(second, { count: 0 })
    await waitFor('the 500 new messages', () => second.length >= 500)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(second).toHaveLength(500)
    expect(new Set(second.map((s) => s.tag))).toEqual(new Set(['second']))
    for (const [partition, offset] of committed1) {
      const offsets = second.filter((s) => s.partition === partition).map((s) => s.offset)
      if (offsets.length > 0) expect(Math.min(...offsets), `partition ${partition} resumes at its commit`).toBe(offset)
    }
    await disconnect(c2)
    expect(sum((await committedOffsets(groupId, topic)).values())).toBe(1_500)
  })

  it('fetchTopicOffsets (ListOffsets) per partition, and describeConfigs for a topic and the broker', async () => {
    const topic = await createTopic('offsets-configs', 3, [
      { name: 'retention.ms', value: '3600000' },
      { name: 'cleanup.policy', value: 'delete' },
    ])
    const p = await producer()
    const perPartition = [5, 17, 40]
    for (const [partition, count] of perPartition.entries()) {
      await p.send({ topic, acks: -1, messages: Array.from({ length: count }, (_, i) => ({ partition, value: `p${partition}-${i}` })) })
    }
    const offsets = [...(await admin.fetchTopicOffsets(topic))].sort((a, b) => a.partition - b.partition)
    expect(offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high, offset: o.offset }))).toEqual(
      perPartition.map((count, partition) => ({ partition, low: '0', high: String(count), offset: String(count) })),
    )
    // ListOffsets by timestamp: from before the first message, every partition starts at 0.
    const byTimestamp = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 3_600_000)
    expect(byTimestamp.map((o) => o.offset).sort()).toEqual(['0', '0', '0'])

    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'cleanup.policy', 'min.insync.replicas'] },
        { type: ConfigResourceTypes.BROKER, name: '1', configNames: ['auto.create.topics.enable', 'offsets.topic.replication.factor', 'group.initial.rebalance.delay.ms'] },
      ],
    })
    const configs = (type: number): Record<string, string> => {
      const resource = resources.find((r) => r.resourceType === type)
      expect(resource?.errorCode).toBe(0)
      return Object.fromEntries((resource?.configEntries ?? []).map((e) => [e.configName, e.configValue]))
    }
    expect(configs(ConfigResourceTypes.TOPIC)).toEqual({ 'retention.ms': '3600000', 'cleanup.policy': 'delete', 'min.insync.replicas': '1' })
    expect(configs(ConfigResourceTypes.BROKER)).toEqual({
      'auto.create.topics.enable': 'false',
      'offsets.topic.replication.factor': '1',
      'group.initial.rebalance.delay.ms': '0',
    })
  })
})
