import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding, StampedEvent } from '@vigil/core'
import { keyringEntry, signingKeyFrom, type Keyring } from '@vigil/ledger'
import { createCheckpointer, createClickHouseClient, createDirectoryAnchor, createStore, prepareStore, RetentionConfig, toAuditEventRow, type ClickHouseClient, type Store } from '@vigil/store'
import {
  buildReport,
  contentsSha256,
  createEvidenceCatalog,
  EvidenceConfig,
  formatBundleVerification,
  parsePeriod,
  populationId,
  lines,
  eventRowKey,
  selectSha256Rank,
  prepareBundle,
  readZipIndex,
  verifyBundle,
  BundleManifest,
  type EvidenceReport,
  type ReportDeps,
} from '../src/index.js'

const ORIGIN = 'vigil.test/bundle'
const key = signingKeyFrom('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
const other = signingKeyFrom('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb')
const keyring: Keyring = { keys: [keyringEntry(key.publicKey, 0)] }

let dir: string
let client: ClickHouseClient
let store: Store
let clock = new Date('2026-10-01T00:30:00.000Z')
let report: EvidenceReport
let bundlePath: string

const catalog = createEvidenceCatalog({
  catalogs: [{ framework: 'soc2', name: 'SOC 2', version: '2017 (test)', controls: [{ id: 'CC6.3', title: 'Least privilege', summary: 'Access by role.' }] }],
  rules: [
    { id: 'r.pop', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'population' }] },
    { id: 'r.exc', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'exception' }] },
  ],
  sources: [{ file: 'rules/test.yaml', text: 'rules: []' }],
})
const config = EvidenceConfig.parse({})
const deps = (): ReportDeps => ({ store, catalog, config, generatorVersion: '0.0.0-test', now: () => clock, ledgerOrigin: ORIGIN })
const period = parsePeriod('2026-10-01T00:00:00Z', '2026-10-01T02:00:00Z', 400)
const at = (min: number) => new Date(Date.UTC(2026, 9, 1, 0, min, 10)).toISOString()

function stamped(cluster: string, id: string, min: number): StampedEvent {
  const t = at(min)
  const event = { auditID: id, stage: 'ResponseComplete' as const, verb: 'create', requestURI: '/x', user: { username: 'alice' }, objectRef: { resource: 'rolebindings', namespace: 'ns', name: id }, responseStatus: { code: 201 }, requestReceivedTimestamp: t, stageTimestamp: t }
  return { cluster, received_at: t, event, raw: JSON.stringify(event) }
}
function finding(s: StampedEvent, rule: string): Finding {
  return { finding_id: `${rule}-${s.cluster}-${s.event.auditID}`, rule_id: rule, rule_version: '1', severity: 'high', title: rule, cluster: s.cluster, audit_id: s.event.auditID, stage: 'ResponseComplete', event_time: s.event.requestReceivedTimestamp, user: 'alice', verb: 'create', resource: 'rolebindings', namespace: 'ns', name: s.event.auditID, reason: 'r', output: 'o', evidence: {}, tags: [], controls: [] }
}

async function writeBundle(r: EvidenceReport, path: string): Promise<void> {
  const prepared = await prepareBundle({ store, origin: ORIGIN, keyring, signingKey: key, now: () => clock }, r)
  await pipeline(prepared.stream(), createWriteStream(path))
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-bundle-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client, now: () => clock })
  // Two batches on one chain, 30 events each; every third event is in the population.
  for (const [from, cluster] of [[0, 'c1'], [30, 'c2']] as const) {
    const events = Array.from({ length: 30 }, (_, i) => stamped(cluster, `${cluster}-e${from + i}`, from + i))
    const findings = [...events.filter((_, i) => i % 3 === 0).map((e) => finding(e, 'r.pop')), finding(events[1]!, 'r.exc')]
    const ledger = events.map((s) => ({ stream: 'test.audit', partition: 0, seq: undefined, records: [{ type: 'vigil.audit-record', v: 1, cluster: s.cluster, received_at: s.received_at, event: s.event }] }))
    await store.writeBatch({ ledger, events: events.map(toAuditEventRow), findings, ruleState: [], deadLetters: [] })
  }
  const anchorDir = join(dir, 'anchors')
  mkdirSync(anchorDir)
  const checkpointer = createCheckpointer({ client, key, origin: ORIGIN, anchors: [createDirectoryAnchor(anchorDir)], now: () => clock })
  clock = new Date('2026-10-01T01:00:00.000Z')
  await checkpointer.checkpoint()
  // The report once, to record its population; then a sample from it; then the covering checkpoint.
  clock = new Date('2026-10-01T01:10:00.000Z')
  const first = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period, clusters: ['c1', 'c2'], as_of: '2026-10-01T01:30:00.000Z', by: 'principal:jane' })
  const pop = first.populations[0]!
  await store.populations.saveSample({
    sample_id: 'smp-test', population_id: populationId(pop.query_sha256), population_name: pop.name, population_sha256: pop.result_sha256, population_rows: pop.row_count,
    method: 'auditor', seed: null, size: 3, size_basis: 'test', drawn_by: 'principal:jane', drawn_at: clock.toISOString(),
    selected: ['c1/c1-e0/ResponseComplete', 'c1/c1-e27/ResponseComplete', 'c2/c2-e57/ResponseComplete'].map((row_key) => ({ row_key, rank: null })),
  })
  // A seeded draw, as POST /v1/samples makes it: ranks over the population's row keys.
  const keys: string[] = []
  for await (const line of (await store.populations.stream(pop.query, pop.params, 'JSONEachRow')).pipe(lines())) keys.push(eventRowKey(JSON.parse(line as string) as { cluster: string; audit_id: string; stage: string }))
  await store.populations.saveSample({
    sample_id: 'smp-seeded', population_id: populationId(pop.query_sha256), population_name: pop.name, population_sha256: pop.result_sha256, population_rows: pop.row_count,
    method: 'seeded_random', seed: 'jane-2026', size: 2, size_basis: 'test', drawn_by: 'principal:jane', drawn_at: clock.toISOString(),
    selected: selectSha256Rank('jane-2026', keys, 2),
  })
  clock = new Date('2026-10-01T02:00:00.000Z')
  await checkpointer.checkpoint()
  clock = new Date('2026-10-01T02:05:00.000Z')
  report = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period, clusters: ['c1', 'c2'], as_of: '2026-10-01T01:30:00.000Z', by: 'principal:jane' })
  bundlePath = join(dir, 'bundle.zip')
  await writeBundle(report, bundlePath)
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the integrity section', () => {
  it('names the first checkpoint made after the snapshot, its hash as the ledger root, and its anchor', async () => {
    const cps = await store.ledger.checkpoints(ORIGIN)
    expect(cps.map((c) => c.body.seq)).toEqual([0, 1])
    const i = report.integrity!
    expect(i.checkpoint.seq).toBe(1)
    expect(i.ledger_root).toBe(cps[1]!.checkpoint_hash)
    expect(i.checkpoints).toEqual({ from_seq: 0, to_seq: 1 })
    expect(i.ledger_range).toEqual({ from: cps[0]!.body.period_start, to: cps[1]!.body.period_end })
    expect(i.checkpoint.key_ids).toEqual([key.key_id])
    expect(i.anchors).toHaveLength(1)
    expect(i.anchors[0]).toMatch(/^directory .*checkpoint-0000000001\.json sha256:[0-9a-f]{64}$/)
  })

  it('is reproduced byte for byte apart from the generation time', async () => {
    clock = new Date('2026-10-01T03:00:00.000Z')
    const again = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period, clusters: ['c1', 'c2'], as_of: '2026-10-01T01:30:00.000Z', by: 'principal:jane' })
    expect({ ...again, generated: { ...again.generated, at: '' } }).toEqual({ ...report, generated: { ...report.generated, at: '' } })
  })

  it('is null while no checkpoint covers the snapshot (records sealed after the latest one)', async () => {
    const r = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period, clusters: ['c1', 'c2'], as_of: '2026-10-01T02:30:00.000Z', by: 'principal:jane' })
    // Nothing was sealed after checkpoint 1, so it covers a later snapshot too.
    expect(r.integrity?.checkpoint.seq).toBe(1)
    await store.writeBatch({ ledger: [{ stream: 'test.api', partition: 0, seq: undefined, records: [{ type: 'vigil.review', v: 1, note: 'late' }] }], events: [], findings: [], ruleState: [], deadLetters: [] })
    const later = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period, clusters: ['c1', 'c2'], as_of: '2026-10-01T02:30:00.000Z', by: 'principal:jane' })
    expect(later.integrity).toBeNull()
    await expect(prepareBundle({ store, origin: ORIGIN, keyring, signingKey: key, now: () => clock }, later)).rejects.toMatchObject({ code: 'conflict' })
  })
})

describe('the evidence bundle', () => {
  it('verifies offline, with the keys given out of band and with its own', async () => {
    const v = await verifyBundle(bundlePath, { keyring })
    expect(v.checks.filter((c) => c.result !== 'ok')).toEqual([])
    expect(v.outcome).toBe('verified')
    expect(v.keys).toBe('out-of-band')
    expect(v.checks.filter((c) => c.check === 'proof').map((c) => c.where)).toEqual(['samples/smp-seeded/0001.json', 'samples/smp-seeded/0002.json', 'samples/smp-test/0001.json', 'samples/smp-test/0002.json', 'samples/smp-test/0003.json'])
    expect(v.checks.filter((c) => c.check === 'sample')).toEqual([{ check: 'sample', where: 'samples/smp-seeded.json', result: 'ok', detail: 're-drawn from seed "jane-2026": the same 2 items' }])
    expect(v.checks.filter((c) => c.check === 'checkpoint').map((c) => c.where)).toEqual(['checkpoint 0', 'checkpoint 1'])
    expect((await verifyBundle(bundlePath)).outcome).toBe('verified')
    expect(formatBundleVerification(v)).toMatch(/: VERIFIED\nkeys: given out of band/)
  })

  it('lists every file with its hash in a canonical, signed manifest, and the PDF footer carries contents_sha256', async () => {
    const unzipped = join(dir, 'unzipped')
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', bundlePath, unzipped])
    const manifest = BundleManifest.parse(JSON.parse(readFileSync(join(unzipped, 'manifest.json'), 'utf8')))
    expect(manifest.files.map((f) => f.path)).toEqual([
      'VERIFY.md', 'coverage.json', 'keys.json', 'ledger/anchors.json', 'ledger/checkpoints.ndjson', 'ocsf/findings.ndjson', 'oscal/assessment-results.json',
      'populations/soc2.CC6.3.population.csv', 'populations/soc2.CC6.3.population.ndjson', 'report.json', 'report.pdf', 'reviews.json',
      'samples/smp-seeded.json', 'samples/smp-seeded/0001.json', 'samples/smp-seeded/0002.json',
      'samples/smp-test.json', 'samples/smp-test/0001.json', 'samples/smp-test/0002.json', 'samples/smp-test/0003.json',
    ])
    expect(manifest.checkpoint).toEqual({ seq: 1, checkpoint_hash: report.integrity!.ledger_root })
    expect(manifest.contents_sha256).toBe(contentsSha256(manifest.files))
    const ndjson = readFileSync(join(unzipped, 'populations/soc2.CC6.3.population.ndjson'))
    expect(ndjson.toString('utf8').trim().split('\n')).toHaveLength(report.populations[0]!.row_count)
    const text = execFileSync('pdftotext', ['-layout', join(unzipped, 'report.pdf'), '-'], { encoding: 'utf8' })
    expect(text).toContain(manifest.contents_sha256)
    const item = JSON.parse(readFileSync(join(unzipped, 'samples/smp-test/0003.json'), 'utf8')) as { proof: { record_jcs: string; checkpoint: { body: { seq: number } } } }
    expect(JSON.parse(item.proof.record_jcs)).toMatchObject({ cluster: 'c2', event: { auditID: 'c2-e57' } })
  })

  it('passes the Python script of VERIFY.md', async () => {
    const unzipped = join(dir, 'py')
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', bundlePath, unzipped])
    const md = readFileSync(join(unzipped, 'VERIFY.md'), 'utf8')
    const script = /```python\n([\s\S]*?)```/.exec(md)![1]!
    writeFileSync(join(dir, 'verify.py'), script)
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(keyring))
    let out: string
    try {
      out = execFileSync('python3', [join(dir, 'verify.py'), bundlePath, join(dir, 'keys.json')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (err) {
      const e = err as { stderr?: string }
      if (e.stderr?.includes("No module named 'cryptography'")) return expect(e.stderr).toContain('cryptography') // the package is optional on this machine
      throw err
    }
    expect(out).toMatch(/^verified: 19 files, 2 checkpoints/)
  })

  it('refuses a manifest signed by a key the auditor does not trust', async () => {
    const v = await verifyBundle(bundlePath, { keyring: { keys: [keyringEntry(other.publicKey, 0)] } })
    expect(v.outcome).toBe('unverifiable')
    expect(v.checks.find((c) => c.check === 'signature')?.detail).toContain('not among the trusted keys')
  })

  it('finds a seeded sample whose recorded items are not the ones its seed selects', async () => {
    const good = await store.populations.sample('smp-seeded')
    await store.populations.saveSample({ ...good!, sample_id: 'smp-cherry', drawn_at: '2026-10-01T01:15:00.000Z', selected: [...good!.selected].reverse() })
    clock = new Date('2026-10-01T03:10:00.000Z')
    const r = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period, clusters: ['c1', 'c2'], as_of: '2026-10-01T01:30:00.000Z', by: 'principal:jane' })
    const path = join(dir, 'cherry.zip')
    await writeBundle(r, path)
    const v = await verifyBundle(path, { keyring })
    expect(v.outcome).toBe('tampered')
    expect(v.checks.filter((c) => c.result !== 'ok')).toEqual([{ check: 'sample', where: 'samples/smp-cherry.json', result: 'tampered', detail: 're-drawing from seed "jane-2026" selects other items than the recorded ones' }])
  })

  describe('with one byte changed, fails and says where', () => {
    const positions: Array<{ name: string; target: string; offset: (e: { dataOffset: number; end: number; localOffset: number }) => number; where: RegExp }> = [
      { name: 'inside report.json data', target: 'report.json', offset: (e) => e.dataOffset + 5, where: /^report\.json/ },
      { name: 'inside the PDF data', target: 'report.pdf', offset: (e) => e.dataOffset + Math.floor((e.end - e.dataOffset) / 2), where: /^report\.pdf/ },
      { name: 'inside the population NDJSON', target: 'populations/soc2.CC6.3.population.ndjson', offset: (e) => e.dataOffset + 3, where: /population\.ndjson/ },
      { name: 'inside the population CSV', target: 'populations/soc2.CC6.3.population.csv', offset: (e) => e.dataOffset + 3, where: /population\.csv/ },
      { name: 'inside a sampled item proof', target: 'samples/smp-test/0002.json', offset: (e) => e.dataOffset + 2, where: /samples\/smp-test\/0002\.json/ },
      { name: 'inside the checkpoints', target: 'ledger/checkpoints.ndjson', offset: (e) => e.dataOffset + 4, where: /ledger\/checkpoints\.ndjson/ },
      { name: 'inside keys.json', target: 'keys.json', offset: (e) => e.dataOffset + 2, where: /keys\.json/ },
      { name: 'inside the manifest', target: 'manifest.json', offset: (e) => e.dataOffset + 10, where: /manifest\.json/ },
      { name: 'inside the signature', target: 'manifest.sig', offset: (e) => e.dataOffset + 1, where: /manifest\.sig/ },
      { name: 'in a file name of a local header', target: 'VERIFY.md', offset: (e) => e.localOffset + 31, where: /VERIFY\.md/ },
      { name: 'in a local header time field', target: 'coverage.json', offset: (e) => e.localOffset + 10, where: /coverage\.json/ },
      { name: "in the central directory (an entry's CRC)", target: 'reviews.json', offset: () => -1, where: /reviews\.json/ },
      { name: 'in the end of central directory record', target: 'reviews.json', offset: () => -2, where: /end of central directory/ },
    ]
    it.each(positions)('$name', async ({ target, offset, where }) => {
      const bytes = readFileSync(bundlePath)
      const fh = await open(bundlePath, 'r')
      const entries = await readZipIndex(fh, bytes.length).finally(() => fh.close())
      const e = entries.find((x) => x.name === target)!
      // -1: the CRC field of the target's central directory record (30 bytes before its name there); -2: the end record's comment length.
      const pos = offset(e) === -1 ? bytes.lastIndexOf(Buffer.from(target)) - 30 : offset(e) === -2 ? bytes.length - 2 : offset(e)
      const changed = Buffer.from(bytes)
      changed[pos] = changed[pos]! ^ 0x20
      const path = join(dir, `changed-${target.replace(/\W/g, '_')}.zip`)
      writeFileSync(path, changed)
      // With the bundle's own keys too: a changed keys.json must not pass by vouching for itself.
      for (const options of [{ keyring }, {}]) {
        const v = await verifyBundle(path, options)
        expect(v.outcome).toBe('tampered')
        const failures = v.checks.filter((c) => c.result === 'tampered')
        expect(failures.some((f) => where.test(f.where)), JSON.stringify(failures)).toBe(true)
      }
    })
  })
})
