import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'
import { auditEvent, eventList } from '../support/pipeline.js'
import { exitOf, stopChild } from '../support/children.js'
import { allStoredEventKeys, spawnVigilStart } from '../support/vigil-process.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kill -9 of the embedded process', () => {
  it('loses no batch that was answered 200', async () => {
    const first = await spawnVigilStart(dir)
    const acked: string[] = []
    let sent = 0
    let refused = 0
    let killed = false
    const sender = async (worker: number) => {
      for (let b = 0; !killed; b++) {
        const events = Array.from({ length: 100 }, (_, i) => auditEvent({ auditID: `crash-${worker}-${b}-${i}` }))
        sent++
        try {
          const res = await fetch(`${first.ingestUrl}/v1/audit`, {
            method: 'POST',
            headers: { authorization: `Bearer ${first.ingestToken}`, 'content-type': 'application/json' },
            body: eventList(events),
          })
          if (res.status === 200) acked.push(...events.map((e) => `${e['auditID']}/ResponseComplete`))
          else refused++
        } catch {
          // The process died under us: this batch was never acknowledged.
        }
      }
    }
    const senders = [0, 1, 2, 3].map(sender)
    while (acked.length < 5_000) await new Promise((r) => setTimeout(r, 20))
    first.child.kill('SIGKILL')
    killed = true
    expect(await exitOf(first.child)).toBe(null)
    await Promise.all(senders)
    expect(sent).toBeGreaterThan(acked.length / 100)

    const second = await spawnVigilStart(dir)
    try {
      const stored = new Set(await allStoredEventKeys(second.apiUrl, second.adminToken))
      const missing = acked.filter((k) => !stored.has(k))
      expect(missing).toEqual([])
      expect(stored.size).toBeGreaterThanOrEqual(acked.length)
    } finally {
      expect(await stopChild(second.child)).toBe(0)
    }
    expect(refused).toBe(0)

    // The ledger the killed process left verifies clean: every batch it sealed has its
    // header (one insert), and the second process's last checkpoint covers them all.
    let out = ''
    const code = await runCli(['verify', 'ledger', '--data-dir', dir, '--json'], { env: {}, cwd: process.cwd(), stdout: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }), stderr: new Writable({ write: (_c, _e, cb) => cb() }), isTty: false })
    const report = JSON.parse(out) as { outcome: string; failures: unknown[]; uncheckpointed: unknown[]; checked: { leaves: number } }
    expect(report.failures).toEqual([])
    expect(report.uncheckpointed).toEqual([])
    expect(report.checked.leaves).toBeGreaterThanOrEqual(acked.length)
    expect(report.outcome).toBe('verified')
    expect(code).toBe(0)
  })
})
