import type { Kafka as KafkaClient } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { createGroupConsumer } from './group-consumer.js'

/**
 * The kafkajs client surface the group consumer touches, recording calls. It
 * does not imitate Kafka: the real-broker behaviour is in
 * test/integration/kafka-*.test.ts. This checks only what the group
 * consumer does with kafkajs's CRASH instrumentation event, which a real
 * broker cannot be made to produce on demand.
 */
function fakeKafka() {
  const consumers: Array<{ calls: string[]; listeners: Map<string, Array<(e: unknown) => void>>; crash: (restart: boolean) => void }> = []
  const kafka = {
    consumer() {
      const calls: string[] = []
      const listeners = new Map<string, Array<(e: unknown) => void>>()
      const record = {
        calls,
        listeners,
        crash: (restart: boolean) => {
          for (const l of listeners.get('consumer.crash') ?? []) l({ type: 'consumer.crash', payload: { error: new Error('The coordinator is not aware of this member'), groupId: 'g', restart } })
        },
      }
      consumers.push(record)
      return {
        events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' },
        on(name: string, l: (e: unknown) => void) {
          listeners.set(name, [...(listeners.get(name) ?? []), l])
        },
        connect: async () => void calls.push('connect'),
        subscribe: async () => void calls.push('subscribe'),
        run: async () => void calls.push('run'),
        disconnect: async () => void calls.push('disconnect'),
      }
    },
  }
  return { kafka: kafka as unknown as KafkaClient, consumers }
}

const quiet = { warn() {}, info() {}, debug() {} }
const until = async (pred: () => boolean) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(pred()).toBe(true)
}

function make(kafka: KafkaClient, crashes: unknown[]) {
  return createGroupConsumer(kafka, {
    groupId: 'g',
    topics: ['t'],
    fromBeginning: true,
    partitionsConsumedConcurrently: 1,
    handler: async () => {},
    backoff: { initial: 5, max: 20 },
    logger: quiet,
    onCrash: (err) => crashes.push(err),
  })
}

describe('group consumer crash supervision', () => {
  it('restarts a consumer that kafkajs crashed without restarting, on a fresh kafkajs consumer', async () => {
    const { kafka, consumers } = fakeKafka()
    const crashes: unknown[] = []
    const group = make(kafka, crashes)
    await group.run()
    expect(consumers[0]?.calls).toEqual(['connect', 'subscribe', 'run'])
    consumers[0]?.crash(false)
    await until(() => consumers[1]?.calls.includes('run') === true)
    expect(consumers[0]?.calls).toContain('disconnect')
    expect(consumers[1]?.calls).toEqual(['connect', 'subscribe', 'run'])
    expect(crashes).toHaveLength(1)
    await group.stop()
    expect(consumers[1]?.calls.at(-1)).toBe('disconnect')
  })

  it('leaves a crash that kafkajs restarts itself to kafkajs', async () => {
    const { kafka, consumers } = fakeKafka()
    const crashes: unknown[] = []
    const group = make(kafka, crashes)
    await group.run()
    consumers[0]?.crash(true)
    await new Promise((r) => setTimeout(r, 40))
    expect(consumers).toHaveLength(1)
    expect(crashes).toHaveLength(0)
    await group.stop()
  })

  it('does not restart once stopped, even with a restart pending', async () => {
    const { kafka, consumers } = fakeKafka()
    const group = make(kafka, [])
    await group.run()
    consumers[0]?.crash(false)
    await group.stop()
    await new Promise((r) => setTimeout(r, 40))
    expect(consumers).toHaveLength(1)
  })

  it('ignores a late crash event from a consumer it already replaced', async () => {
    const { kafka, consumers } = fakeKafka()
    const crashes: unknown[] = []
    const group = make(kafka, crashes)
    await group.run()
    consumers[0]?.crash(false)
    await until(() => consumers[1]?.calls.includes('run') === true)
    consumers[0]?.crash(false)
    await new Promise((r) => setTimeout(r, 40))
    expect(consumers).toHaveLength(2)
    expect(crashes).toHaveLength(1)
    await group.stop()
  })
})
