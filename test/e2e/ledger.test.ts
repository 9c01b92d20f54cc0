import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '@vigil/cli'
import type { Keyring, SignedCheckpoint } from '@vigil/ledger'
import { auditEvent, counter, eventList, INGEST_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(args, { env: {}, cwd: process.cwd(), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, out, err }
}

let p: TestPipeline
let anchors: string

async function post(n: number, tag: string): Promise<void> {
  const res = await p.ingest.app.inject({
    method: 'POST',
    url: '/v1/audit',
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
    payload: eventList(Array.from({ length: n }, (_, i) => auditEvent({ user: { username: `${tag}-${i % 4}` }, ...(i % 5 === 0 ? { user: { username: 'system:anonymous' } } : {}) }))),
  })
  expect(res.statusCode).toBe(200)
}

beforeAll(async () => {
  p = await startTestPipeline()
  anchors = join(p.dir, 'ledger-anchors')
})

afterAll(async () => {
  await p.sql.close()
  rmSync(p.dir, { recursive: true, force: true })
})

describe('the evidence ledger in the embedded pipeline', () => {
  it('generates the signing key under the data directory, mode 0600', () => {
    expect(p.ledger?.keySource).toBe(join(p.dir, 'ledger-signing-key.pem'))
    expect(statSync(join(p.dir, 'ledger-signing-key.pem')).mode & 0o777).toBe(0o600)
    expect(p.ledger?.keyId).toMatch(/^ed25519:[0-9a-f]{16}$/)
  })

  it('seals what ingest accepted, checkpoints it and anchors the checkpoint', async () => {
    await post(40, 'a')
    await post(25, 'b')
    const cp = await p.ledger!.checkpointer.checkpoint()
    // The pipeline's chain, and the process's own (its rule pack at start).
    expect(cp.body).toMatchObject({ seq: 0, prev_checkpoint_hash: null, heads: [{ stream: 'embedded:vigil.audit.v1', partition: 0 }, { stream: expect.stringMatching(/^vigil\.api\.v1\//), partition: 0 }] })
    expect(cp.body.batch_count).toBeGreaterThan(0)
    const anchored = JSON.parse(readFileSync(join(anchors, 'checkpoint-0000000000.json'), 'utf8')) as SignedCheckpoint
    expect(anchored).toEqual(cp)
    const keys = JSON.parse(readFileSync(join(anchors, 'keys.json'), 'utf8')) as Keyring
    expect(keys.keys).toEqual([expect.objectContaining({ key_id: p.ledger!.keyId, valid_from_seq: 0, valid_until_seq: null })])
    const [row] = await (await p.sql.query({ query: `SELECT countIf(kind = 'vigil.audit-record') AS events, countIf(kind = 'vigil.finding') AS findings FROM ledger_entries_v1 WHERE entry = 'leaf'`, format: 'JSONEachRow' })).json<{ events: string; findings: string }>()
    expect(Number(row?.events)).toBe(65)
    expect(Number(row?.findings)).toBeGreaterThan(0)
  })

  it('an empty period still gets a signed checkpoint', async () => {
    const cp = await p.ledger!.checkpointer.checkpoint()
    expect(cp.body).toMatchObject({ seq: 1, batch_count: 0, batches_root: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  })

  it('vigil verify ledger says verified, exit 0', async () => {
    const r = await cli(['verify', 'ledger', '--data-dir', p.dir])
    expect(r.err).toBe('')
    expect(r.out).toContain('VERIFIED')
    expect(r.code).toBe(0)
    const json = await cli(['verify', 'ledger', '--data-dir', p.dir, '--json', '--from', '1'])
    expect(JSON.parse(json.out)).toMatchObject({ outcome: 'verified', range: { from_checkpoint: 1, to_checkpoint: 1 }, checked: { checkpoints: 1 } })
  })

  it('could not verify without trusted keys: exit 2', async () => {
    const r = await cli(['verify', 'ledger', '--data-dir', p.dir, '--keys', join(p.dir, 'nope.json')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('could not verify')
  })

  it('a record edited in the store: exit 1 and the first broken link in a table', async () => {
    await p.sql.command({ query: `ALTER TABLE ledger_entries_v1 UPDATE record_jcs = replace(record_jcs, 'system:anonymous', 'system:nobody') WHERE entry = 'leaf' AND kind = 'vigil.audit-record' AND seq = 0 AND idx = 0`, clickhouse_settings: { mutations_sync: '2' } })
    const r = await cli(['verify', 'ledger', '--data-dir', p.dir])
    expect(r.code).toBe(1)
    expect(r.out).toContain('TAMPERED')
    expect(r.out).toContain('first broken link: leaf_modified at embedded:vigil.audit.v1/0 @0/0')
    expect(r.out).toMatch(/KIND\s+WHERE\s+DETAIL/)
    await p.sql.command({ query: `ALTER TABLE ledger_entries_v1 UPDATE record_jcs = replace(record_jcs, 'system:nobody', 'system:anonymous') WHERE entry = 'leaf' AND seq = 0 AND idx = 0`, clickhouse_settings: { mutations_sync: '2' } })
    expect((await cli(['verify', 'ledger', '--data-dir', p.dir])).code).toBe(0)
  })

  it('a clean shutdown makes a last checkpoint covering everything sealed', async () => {
    await post(10, 'c')
    await p.lifecycle.shutdown('test done')
    expect(await counter(p.metrics, 'vigil_ledger_checkpoints_total', { outcome: 'signed' })).toBe(1)
    expect(readdirSync(anchors).filter((f) => f.startsWith('checkpoint-')).sort()).toEqual(['checkpoint-0000000000.json', 'checkpoint-0000000001.json', 'checkpoint-0000000002.json'])
    const r = await cli(['verify', 'ledger', '--data-dir', p.dir, '--json'])
    const report = JSON.parse(r.out) as { outcome: string; uncheckpointed: unknown[]; checked: { leaves: number } }
    expect(report.outcome).toBe('verified')
    expect(report.uncheckpointed).toEqual([])
    expect(r.code).toBe(0)
  })
})

describe('ledger startup errors', () => {
  it('a missing anchor directory, a bad key and a schedule rarer than daily stop the start', async () => {
    await expect(startTestPipeline({ ledger: { anchor_dir: '/nonexistent/vigil-anchors' } })).rejects.toThrow(/ledger.anchor_dir \/nonexistent\/vigil-anchors is not an existing directory/)
    await expect(startTestPipeline({ ledger: { signing_key: 'not a key' } })).rejects.toThrow(/ledger.signing_key holds no usable Ed25519 key/)
    await expect(startTestPipeline({ ledger: { checkpoint_schedule: '0 0 1 * *' } })).rejects.toThrow(/fires at least daily/)
    expect(existsSync('/nonexistent/vigil-anchors')).toBe(false)
  })
})
