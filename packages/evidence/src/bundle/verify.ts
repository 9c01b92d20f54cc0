import { createHash, verify as verifySig } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { batchHash, canonicalize, checkCheckpointSignature, checkpointHash, fromHex, keyIdOf, leafHash, publicKeyFromRaw, verifyInclusion, type Keyring, type SignedCheckpoint } from '@vigil/ledger'
import { EvidenceReport } from '../report.js'
import { POPULATION_SOURCES } from '../population.js'
import { RankSelector } from '../sampling.js'
import { BundleManifest, contentsSha256, MANIFEST_PATH, SIGNATURE_PATH } from './manifest.js'
import type { SampleItemFile } from './write.js'
import { parseRowKey } from './write.js'
import { entryChunks, readZipIndex, ZipFormatError, type ZipEntry } from './zip-read.js'

/** `skipped`: nothing to check (a sampled record of a kind bundles carry no proof for); it does not change the outcome. */
export type CheckResult = 'ok' | 'tampered' | 'unverifiable' | 'skipped'

export interface BundleCheck {
  /** What was checked: archive, signature, file, checkpoint, proof, population, contents. */
  check: string
  /** The file, checkpoint or item it is about. */
  where: string
  result: CheckResult
  detail: string
}

export interface BundleVerification {
  outcome: 'verified' | 'tampered' | 'unverifiable'
  /** Where the trusted keys came from: given out of band (--keys), or the bundle's own keys.json. */
  keys: 'out-of-band' | 'bundle'
  report: { id: string; framework: string; control: string } | null
  checks: BundleCheck[]
}

/** Files parsed for cross-checks are held in memory (up to this size); the others (populations, PDF, renderings) are only hashed. */
const MAX_PARSED = 64 * 1024 * 1024
const PARSED = /^(manifest\.json|manifest\.sig|keys\.json|report\.json|ledger\/checkpoints\.ndjson|samples\/[^/]+(\/[^/]+)?\.json)$/

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex')
}

class Checks {
  readonly list: BundleCheck[] = []
  add(check: string, where: string, result: CheckResult, detail: string): void {
    this.list.push({ check, where, result, detail })
  }
  ok(check: string, where: string, detail: string): void {
    this.add(check, where, 'ok', detail)
  }
  bad(check: string, where: string, detail: string): void {
    this.add(check, where, 'tampered', detail)
  }
}

function parseJson(text: Buffer, where: string, checks: Checks): unknown {
  try {
    return JSON.parse(text.toString('utf8')) as unknown
  } catch (err) {
    checks.bad('file', where, `does not parse as JSON: ${(err as Error).message}`)
    return undefined
  }
}

/**
 * Verifies an evidence bundle offline, from the ZIP alone (and trusted keys
 * given out of band): the archive structure, every file's SHA-256 and size
 * against the signed manifest, the manifest signature, the checkpoint
 * signatures and chain, every sampled item's inclusion proof up to a signed
 * checkpoint, the populations against the report's hashes, and the PDF's
 * footer hash. Each check is listed with where it applies.
 */
export async function verifyBundle(path: string, options: { keyring?: Keyring | undefined } = {}): Promise<BundleVerification> {
  const checks = new Checks()
  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch (err) {
    return { outcome: 'unverifiable', keys: options.keyring === undefined ? 'bundle' : 'out-of-band', report: null, checks: [{ check: 'archive', where: path, result: 'unverifiable', detail: `cannot open: ${(err as Error).message}` }] }
  }
  try {
    return await verifyOpen(fh, checks, options.keyring)
  } finally {
    await fh.close()
  }
}

async function verifyOpen(fh: FileHandle, checks: Checks, trusted: Keyring | undefined): Promise<BundleVerification> {
  const keysFrom = trusted === undefined ? 'bundle' : 'out-of-band'
  const done = (report: BundleVerification['report']): BundleVerification => {
    const outcome = checks.list.some((c) => c.result === 'tampered') ? 'tampered' : checks.list.some((c) => c.result === 'unverifiable') ? 'unverifiable' : 'verified'
    return { outcome, keys: keysFrom, report, checks: checks.list }
  }
  const { size } = await fh.stat()
  let entries: ZipEntry[]
  try {
    entries = await readZipIndex(fh, size)
  } catch (err) {
    if (!(err instanceof ZipFormatError)) throw err
    checks.add('archive', err.where, err.unsupported ? 'unverifiable' : 'tampered', err.message)
    return done(null)
  }
  checks.ok('archive', `${entries.length} entries`, 'ZIP structure consistent (headers, directory, data descriptors)')

  // Read every entry once: hash all, keep the small ones for the cross-checks.
  const content = new Map<string, { sha256: string; size: number; bytes: Buffer | undefined }>()
  for (const e of entries) {
    const h = createHash('sha256')
    const parts: Buffer[] = []
    const keep = PARSED.test(e.name)
    let n = 0
    try {
      for await (const c of entryChunks(fh, e)) {
        h.update(c)
        n += c.length
        if (keep && n <= MAX_PARSED) parts.push(c)
      }
    } catch (err) {
      if (!(err instanceof ZipFormatError)) throw err
      checks.bad('file', e.name, err.message)
      continue
    }
    content.set(e.name, { sha256: h.digest('hex'), size: n, bytes: keep && n <= MAX_PARSED ? Buffer.concat(parts) : undefined })
  }

  const manifestBytes = content.get(MANIFEST_PATH)?.bytes
  if (manifestBytes === undefined) {
    checks.bad('manifest', MANIFEST_PATH, 'missing or unreadable')
    return done(null)
  }
  const parsed = BundleManifest.safeParse(parseJson(manifestBytes, MANIFEST_PATH, checks))
  if (!parsed.success) {
    checks.bad('manifest', MANIFEST_PATH, `not a bundle manifest: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
    return done(null)
  }
  const manifest = parsed.data
  if (canonicalize(manifest) !== manifestBytes.toString('utf8')) checks.bad('manifest', MANIFEST_PATH, 'not in RFC 8785 canonical form')

  // Keys: the ones given out of band, else the bundle's own.
  let keyring = trusted
  if (keyring === undefined) {
    const k = content.get('keys.json')?.bytes
    const doc = k === undefined ? undefined : (parseJson(k, 'keys.json', checks) as Keyring | undefined)
    if (doc !== undefined && Array.isArray(doc.keys)) keyring = doc
    else checks.add('keys', 'keys.json', 'unverifiable', 'no usable keys in the bundle and none given with --keys')
  }

  // The manifest signature.
  const sigText = content.get(SIGNATURE_PATH)?.bytes
  const entry = keyring?.keys.find((k) => k.key_id === manifest.signature.key_id)
  if (sigText === undefined) checks.bad('signature', SIGNATURE_PATH, 'missing')
  else if (keyring === undefined) checks.add('signature', SIGNATURE_PATH, 'unverifiable', 'no keys to check it with')
  else if (entry === undefined) checks.add('signature', SIGNATURE_PATH, trusted === undefined ? 'tampered' : 'unverifiable', `signed by ${manifest.signature.key_id}, which is not among the ${trusted === undefined ? "bundle's" : 'trusted'} keys`)
  else {
    let good = false
    try {
      const key = publicKeyFromRaw(Buffer.from(entry.public_key, 'base64url'))
      const sig = Buffer.from(sigText.toString('utf8').trim(), 'base64')
      good = keyIdOf(key) === entry.key_id && sig.length === 64 && sigText.toString('utf8') === `${sig.toString('base64')}\n` && verifySig(null, manifestBytes, key, sig)
    } catch {
      good = false
    }
    if (good) checks.ok('signature', SIGNATURE_PATH, `Ed25519 over manifest.json by ${entry.key_id}`)
    else checks.bad('signature', SIGNATURE_PATH, `does not verify under ${entry.key_id}: manifest.json or manifest.sig was changed`)
  }

  // Every file against the manifest, and nothing else in the archive.
  const listed = new Map(manifest.files.map((f) => [f.path, f]))
  for (const f of manifest.files) {
    const c = content.get(f.path)
    if (c === undefined) {
      if (!checks.list.some((x) => x.where === f.path)) checks.bad('file', f.path, entries.some((e) => e.name === f.path) ? 'unreadable' : 'listed in the manifest but missing from the archive')
    } else if (c.sha256 !== f.sha256 || c.size !== f.size) checks.bad('file', f.path, `SHA-256 ${c.sha256.slice(0, 16)}… (${c.size} bytes) differs from the manifest's ${f.sha256.slice(0, 16)}… (${f.size} bytes)`)
    else checks.ok('file', f.path, `SHA-256 and size match (${f.size} bytes)`)
  }
  for (const e of entries) if (!listed.has(e.name) && e.name !== MANIFEST_PATH && e.name !== SIGNATURE_PATH) checks.bad('file', e.name, 'in the archive but not in the manifest')
  if (contentsSha256(manifest.files) !== manifest.contents_sha256) checks.bad('contents', MANIFEST_PATH, 'contents_sha256 (the PDF footer hash) does not match the file list')
  else checks.ok('contents', 'report.pdf footer', `contents_sha256 ${manifest.contents_sha256}`)

  const bytesOf = (p: string): Buffer | undefined => (listed.has(p) ? content.get(p)?.bytes : undefined)

  // The report and its populations.
  let report: EvidenceReport | undefined
  const reportBytes = bytesOf('report.json')
  if (reportBytes !== undefined) {
    const r = EvidenceReport.safeParse(parseJson(reportBytes, 'report.json', checks))
    if (!r.success) checks.bad('report', 'report.json', 'not an evidence report')
    else {
      report = r.data
      if (report.id !== manifest.report.id) checks.bad('report', 'report.json', `is ${report.id}, the manifest names ${manifest.report.id}`)
      if (report.integrity?.checkpoint.checkpoint_hash !== manifest.checkpoint.checkpoint_hash) checks.bad('report', 'report.json', "its integrity section does not name the manifest's checkpoint")
      for (const p of report.populations) {
        const file = `populations/${p.name.replace(/[^A-Za-z0-9._-]/g, '_')}.ndjson`
        const f = listed.get(file)
        if (f === undefined) checks.bad('population', file, 'missing from the bundle')
        else if (f.sha256 !== p.result_sha256) checks.bad('population', file, `SHA-256 ${f.sha256.slice(0, 16)}… is not the report's result_sha256 ${p.result_sha256.slice(0, 16)}… (the stored rows changed since the report)`)
        else checks.ok('population', file, `${p.row_count} rows; SHA-256 is the report's result_sha256`)
      }
    }
  }

  // Checkpoints: hash, signature, chain.
  const byHash = new Map<string, SignedCheckpoint>()
  const cpBytes = bytesOf('ledger/checkpoints.ndjson')
  if (cpBytes === undefined) checks.bad('checkpoint', 'ledger/checkpoints.ndjson', 'missing')
  else {
    let prev: SignedCheckpoint | undefined
    for (const [i, line] of cpBytes.toString('utf8').split('\n').filter((l) => l !== '').entries()) {
      const where = `ledger/checkpoints.ndjson line ${i + 1}`
      let cp: SignedCheckpoint
      try {
        cp = JSON.parse(line) as SignedCheckpoint
        if (typeof cp.body?.seq !== 'number') throw new Error('no body.seq')
      } catch (err) {
        checks.bad('checkpoint', where, `does not parse: ${(err as Error).message}`)
        prev = undefined
        continue
      }
      const at = `checkpoint ${cp.body.seq}`
      const problems: string[] = []
      if (checkpointHash(cp.body) !== cp.checkpoint_hash) problems.push('checkpoint_hash does not recompute')
      if (prev !== undefined && (cp.body.seq !== prev.body.seq + 1 || cp.body.prev_checkpoint_hash !== prev.checkpoint_hash)) problems.push(`does not follow checkpoint ${prev.body.seq}`)
      if (problems.length > 0) checks.bad('checkpoint', at, problems.join('; '))
      else if (keyring === undefined) checks.add('checkpoint', at, 'unverifiable', 'no keys to check its signature with')
      else {
        const s = checkCheckpointSignature(cp, keyring)
        if (s.ok) checks.ok('checkpoint', at, `hash, chain link and signature by ${s.key_id}`)
        else checks.add('checkpoint', at, trusted === undefined || cp.signatures.some((x) => keyring.keys.some((k) => k.key_id === x.key_id)) ? 'tampered' : 'unverifiable', s.reason)
      }
      byHash.set(cp.checkpoint_hash, cp)
      prev = cp
    }
    if (!byHash.has(manifest.checkpoint.checkpoint_hash)) checks.bad('checkpoint', `checkpoint ${manifest.checkpoint.seq}`, "the manifest's covering checkpoint is not in ledger/checkpoints.ndjson")
  }

  // Inclusion proofs of sampled items.
  for (const f of manifest.files) {
    if (!/^samples\/[^/]+\/[^/]+\.json$/.test(f.path)) continue
    const b = bytesOf(f.path)
    if (b === undefined) continue
    const item = parseJson(b, f.path, checks) as SampleItemFile | undefined
    if (item === undefined) continue
    const p = item.proof
    if (p === null && typeof item.not_proven === 'string') {
      checks.add('proof', f.path, 'skipped', `${item.row_key}: ${item.not_proven}`)
      continue
    }
    if (p === null || p === undefined || p.checkpoint === null || p.batch_index === null || p.checkpoint_proof === null) {
      checks.add('proof', f.path, 'unverifiable', `${item.row_key}: no inclusion proof (not sealed, or no checkpoint covered it when the bundle was made)`)
      continue
    }
    const problems: string[] = []
    try {
      const leaf = leafHash(p.record_jcs)
      if (!verifyInclusion(p.leaf_index, p.batch.leaf_count, leaf, p.batch_proof.map(fromHex), fromHex(p.batch.merkle_root))) problems.push("the record is not in its batch's Merkle root")
      const cp = byHash.get(p.checkpoint.checkpoint_hash)
      if (cp === undefined) problems.push(`its checkpoint ${p.checkpoint.body.seq} is not among the bundle's checkpoints`)
      else if (!verifyInclusion(p.batch_index, cp.body.batch_count, batchHash(p.batch), p.checkpoint_proof.map(fromHex), fromHex(cp.body.batches_root))) problems.push(`its batch is not under checkpoint ${cp.body.seq}'s batches_root`)
      const key = parseRowKey(item.row_key)
      const rec = JSON.parse(p.record_jcs) as { cluster?: string; event?: { auditID?: string; stage?: string } }
      if (key === undefined || rec.cluster !== key.cluster || rec.event?.auditID !== key.audit_id || rec.event?.stage !== key.stage) problems.push(`the proven record is not the event ${item.row_key}`)
    } catch (err) {
      problems.push(`malformed proof: ${(err as Error).message}`)
    }
    if (problems.length > 0) checks.bad('proof', f.path, `${item.row_key}: ${problems.join('; ')}`)
    else checks.ok('proof', f.path, `${item.row_key} is leaf ${p.leaf_index} of ${p.batch.stream}/${p.batch.partition} batch @${p.batch.first_seq}, under checkpoint ${p.checkpoint.body.seq}`)
  }

  // Seeded samples drawn from the bundled population run: draw them again from its NDJSON.
  for (const f of manifest.files) {
    if (!/^samples\/[^/]+\.json$/.test(f.path)) continue
    const b = bytesOf(f.path)
    const sample = b === undefined ? undefined : (parseJson(b, f.path, checks) as { method?: string; seed?: string | null; size?: number; population_name?: string; population_sha256?: string; selected?: { row_key: string; rank: string | null }[] } | undefined)
    if (sample === undefined || sample.method !== 'seeded_random' || typeof sample.seed !== 'string' || !Array.isArray(sample.selected)) continue
    const popFile = `populations/${String(sample.population_name).replace(/[^A-Za-z0-9._-]/g, '_')}.ndjson`
    const pop = listed.get(popFile)
    const entryOf = entries.find((e) => e.name === popFile)
    if (pop === undefined || entryOf === undefined || pop.sha256 !== sample.population_sha256) {
      checks.add('sample', f.path, 'ok', `drawn from another run of the population (SHA-256 ${String(sample.population_sha256).slice(0, 16)}…); not re-drawn`)
      continue
    }
    const source = report?.populations.find((x) => x.name === sample.population_name)?.source ?? 'audit_events'
    const rowKey = POPULATION_SOURCES[source].rowKey
    const selector = new RankSelector(sample.seed, sample.size ?? sample.selected.length)
    let rest = ''
    try {
      for await (const c of entryChunks(fh, entryOf)) {
        const lines = (rest + c.toString('utf8')).split('\n')
        rest = lines.pop() ?? ''
        for (const l of lines) if (l !== '') selector.offer(rowKey(JSON.parse(l) as Record<string, unknown>))
      }
      if (rest !== '') selector.offer(rowKey(JSON.parse(rest) as Record<string, unknown>))
    } catch (err) {
      checks.bad('sample', f.path, `cannot re-draw from ${popFile}: ${(err as Error).message}`)
      continue
    }
    const again = selector.selected()
    const same = again.length === sample.selected.length && again.every((r, i) => r.row_key === sample.selected![i]!.row_key && r.rank === sample.selected![i]!.rank)
    if (same) checks.ok('sample', f.path, `re-drawn from seed ${JSON.stringify(sample.seed)}: the same ${again.length} items`)
    else checks.bad('sample', f.path, `re-drawing from seed ${JSON.stringify(sample.seed)} selects other items than the recorded ones`)
  }

  return done(report === undefined ? null : { id: report.id, framework: report.framework, control: report.control.id })
}

/** The verification as a table for people: failures first, then the checks that passed. */
export function formatBundleVerification(v: BundleVerification): string {
  const head = [
    `bundle${v.report === null ? '' : ` ${v.report.id} (${v.report.framework} ${v.report.control})`}: ${v.outcome.toUpperCase()}`,
    v.keys === 'bundle' ? "keys: the bundle's own keys.json; pass --keys with a copy obtained out of band to trust the result" : 'keys: given out of band (--keys)',
  ]
  const order = { tampered: 0, unverifiable: 1, skipped: 2, ok: 3 } as const
  const rows = [...v.checks].sort((a, b) => order[a.result] - order[b.result]).map((c) => [c.result === 'ok' ? 'ok' : c.result === 'skipped' ? 'skipped' : c.result.toUpperCase(), c.check, c.where, c.detail])
  const w = [0, 1, 2].map((i) => Math.max(['RESULT', 'CHECK', 'WHERE'][i]!.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => `${r[0]!.padEnd(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]!.padEnd(w[2]!)}  ${r[3]}`
  const firstBad = v.checks.find((c) => c.result === 'tampered')
  return [...head, ...(firstBad === undefined ? [] : [`first failure: ${firstBad.check} at ${firstBad.where}: ${firstBad.detail}`]), '', line(['RESULT', 'CHECK', 'WHERE', 'DETAIL']), ...rows.map(line)].join('\n')
}
