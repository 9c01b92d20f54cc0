import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cwlDataMessage, firehoseRecord, firehoseRequest, type FirehoseRequest } from '../support/cloud-clients.js'
import { auditEvent } from '../support/pipeline.js'
import { exitOf, stopChild } from '../support/children.js'
import { allStoredEventKeys, spawnVigilStart } from '../support/vigil-process.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-crash-firehose-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const KEY = 'crash-firehose-access-key-0123456789'
const env = { VIGIL_INGEST__SOURCES: `[{type: eks_firehose, name: eks-crash, cluster: eks-crash, access_key: {value: ${KEY}}}]` }

/** 50 records of 2 events each: 100 events per Firehose request. */
function request(worker: number, n: number): { req: FirehoseRequest; keys: string[] } {
  const events = Array.from({ length: 100 }, (_, i) => auditEvent({ auditID: `fh-crash-${worker}-${n}-${i}` }))
  const records = Array.from({ length: 50 }, (_, r) => firehoseRecord(cwlDataMessage(events.slice(r * 2, r * 2 + 2))))
  return { req: firehoseRequest(records, KEY), keys: events.map((e) => `${e['auditID']}/ResponseComplete`) }
}

const send = (url: string, r: FirehoseRequest) => fetch(`${url}/v1/sources/firehose`, { method: 'POST', headers: r.headers, body: r.body })

describe('kill -9 of ingest during a Firehose retry storm', () => {
  it('loses no record that was answered 200, and stores each event once after Firehose retries the rest', async () => {
    const first = await spawnVigilStart(dir, env)
    const acked = new Set<string>()
    const unacked: { req: FirehoseRequest; keys: string[] }[] = []
    let killed = false
    let retries = 0
    const sender = async (worker: number) => {
      let previous: ReturnType<typeof request> | undefined
      for (let n = 0; !killed; n++) {
        const cur = request(worker, n)
        // The storm: each new request goes out alongside a retry of the previous one (same request id).
        const batch = previous === undefined ? [cur] : [cur, previous]
        if (previous !== undefined) retries++
        const answers = await Promise.all(batch.map((b) => send(first.ingestUrl, b.req).then((res) => res.status, () => 0)))
        answers.forEach((status, i) => {
          const b = batch[i] as ReturnType<typeof request>
          if (status === 200) for (const k of b.keys) acked.add(k)
        })
        if (answers[0] !== 200) unacked.push(cur)
        previous = cur
      }
    }
    const senders = [0, 1, 2, 3].map(sender)
    while (acked.size < 4_000) await new Promise((r) => setTimeout(r, 20))
    first.child.kill('SIGKILL')
    killed = true
    expect(await exitOf(first.child)).toBe(null)
    await Promise.all(senders)
    expect(retries).toBeGreaterThan(0)

    const second = await spawnVigilStart(dir, env)
    try {
      // Firehose keeps retrying what it never saw acknowledged, now against the restarted process.
      for (const u of unacked) expect((await send(second.ingestUrl, u.req)).status).toBe(200)
      const storedList = await allStoredEventKeys(second.apiUrl, second.adminToken)
      const stored = new Set(storedList)
      expect([...acked].filter((k) => !stored.has(k))).toEqual([])
      expect(unacked.flatMap((u) => u.keys).filter((k) => !stored.has(k))).toEqual([])
      expect(storedList.length).toBe(stored.size)
    } finally {
      expect(await stopChild(second.child)).toBe(0)
    }
  })
})
