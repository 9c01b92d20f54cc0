import { createHash, sign } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import { AppError } from '@vigil/core'
import { canonicalize, type Keyring, type SignedCheckpoint, type SigningKey } from '@vigil/ledger'
import { accessLogPopulationCsvQuery, populationCsvQuery, type AnchorRow, type InclusionProof, type LedgerPosition, type SampleRow, type Store } from '@vigil/store'
import { csvExport, POPULATION_SOURCES } from '../population.js'
import type { EvidenceReport } from '../report.js'
import type { RenderContext } from '../render/common.js'
import { renderJson, reportFingerprint } from '../render/json.js'
import { renderOcsfNdjson } from '../render/ocsf.js'
import { renderOscal } from '../render/oscal.js'
import { renderPdf } from '../render/pdf.js'
import { BundleManifest, contentsSha256, MANIFEST_PATH, PDF_PATH, SIGNATURE_PATH, type BundleFile } from './manifest.js'
import { VERIFY_MD } from './verify-md.js'

export interface BundleDeps {
  store: Pick<Store, 'populations' | 'ledger' | 'ledgerEvidence'>
  origin: string
  /** The public keys to ship in keys.json (the anchored copy). */
  keyring: Keyring
  /** Signs manifest.json: the ledger's checkpoint key. */
  signingKey: SigningKey
  now: () => Date
  render?: RenderContext
}

/** One drawn item of a sample, with the proof that its event is in the ledger (null when it is not sealed, or no checkpoint covers it yet). */
export interface SampleItemFile {
  row_key: string
  rank: string | null
  position: LedgerPosition | null
  proof: InclusionProof | null
  /** Why there is no proof to check, when the record is not an audit event (whose ledger leaf this bundle looks up). */
  not_proven?: string
}

export interface PreparedBundle {
  filename: string
  /** Streams the ZIP; populations are copied from the store as they are read. */
  stream(): Readable
}

/** `cluster/audit_id/stage`, split from the right: cluster ids may hold slashes, audit ids and stages do not. */
export function parseRowKey(key: string): { cluster: string; audit_id: string; stage: string } | undefined {
  const b = key.lastIndexOf('/')
  const a = key.lastIndexOf('/', b - 1)
  if (a <= 0 || b <= a + 1 || b === key.length - 1) return undefined
  return { cluster: key.slice(0, a), audit_id: key.slice(a + 1, b), stage: key.slice(b + 1) }
}

const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8')
const ndjson = (rows: readonly unknown[]): Buffer => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8')
const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_')

/**
 * Gathers what a report's bundle holds besides the streamed populations:
 * its samples with an inclusion proof per drawn item, the checkpoints from
 * the report's ledger range up to the last one a proof needs, their anchors
 * and the keys. Refuses (409) a report the ledger does not cover yet:
 * the manifest must name the covering checkpoint.
 */
export async function prepareBundle(deps: BundleDeps, report: EvidenceReport): Promise<PreparedBundle> {
  const integrity = report.integrity
  if (integrity === null) {
    throw new AppError('conflict', `report ${report.id} is not covered by a ledger checkpoint yet (its integrity section is null): generate it again after the next checkpoint (ledger.checkpoint_schedule, or stop vigil, which signs a last one)`)
  }
  if (integrity.origin !== deps.origin) throw new AppError('conflict', `report ${report.id} was covered by ledger ${integrity.origin}, this server keeps ${deps.origin}`)
  const samples: SampleRow[] = []
  for (const ref of report.samples) {
    const row = await deps.store.populations.sample(ref.id)
    if (row === undefined) throw new AppError('not_found', `sample ${ref.id} of report ${report.id} is no longer stored`)
    samples.push(row)
  }
  const sourceOf = new Map(report.populations.map((p) => [p.name, p.source]))
  const proven = (s: SampleRow) => (sourceOf.get(s.population_name) ?? 'audit_events') === 'audit_events'
  const keys = samples.filter(proven).flatMap((s) => s.selected.map((i) => parseRowKey(i.row_key))).filter((k) => k !== undefined)
  const positions = await deps.store.ledgerEvidence.locateAuditRecords(keys)
  const proofs = new Map<string, InclusionProof | null>()
  for (const [key, pos] of positions) proofs.set(key, (await deps.store.ledger.proof(deps.origin, pos)) ?? null)
  let toSeq = integrity.checkpoints.to_seq
  for (const p of proofs.values()) if (p?.checkpoint != null) toSeq = Math.max(toSeq, p.checkpoint.body.seq)
  const fromSeq = integrity.checkpoints.from_seq
  const checkpoints = await deps.store.ledger.checkpoints(deps.origin, { fromSeq, toSeq })
  const anchors = await deps.store.ledgerEvidence.anchors(deps.origin, { fromSeq, toSeq })
  const items = new Map(
    samples.map((s) => [
      s.sample_id,
      s.selected.map((i): SampleItemFile =>
        proven(s)
          ? { row_key: i.row_key, rank: i.rank, position: positions.get(i.row_key) ?? null, proof: proofs.get(i.row_key) ?? null }
          : { row_key: i.row_key, rank: i.rank, position: null, proof: null, not_proven: `a ${sourceOf.get(s.population_name)} record: bundles prove audit events only` },
      ),
    ]),
  )
  return { filename: `${report.id}.bundle.zip`, stream: () => writeBundle(deps, report, { samples, items, checkpoints, anchors, fromSeq, toSeq }) }
}

interface Gathered {
  samples: SampleRow[]
  items: Map<string, SampleItemFile[]>
  checkpoints: SignedCheckpoint[]
  anchors: AnchorRow[]
  fromSeq: number
  toSeq: number
}

function writeBundle(deps: BundleDeps, report: EvidenceReport, g: Gathered): Readable {
  const zip = new ZipFile()
  const files: BundleFile[] = []
  // Every entry gets the report's generation time, so the same bundle contents give the same archive layout.
  const options = { mtime: new Date(report.generated.at), forceDosTimestamp: true }
  const addBuffer = (path: string, data: Buffer) => {
    files.push({ path, sha256: createHash('sha256').update(data).digest('hex'), size: data.length })
    zip.addBuffer(data, path, options)
  }
  const addStream = (path: string, source: Readable): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const hash = createHash('sha256')
      let size = 0
      // Hashes what passes on its way into the archive; yazl pulls it when this entry's turn comes.
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk)
          size += chunk.length
          done(null, chunk)
        },
        flush(done) {
          files.push({ path, sha256: hash.digest('hex'), size })
          resolve()
          done()
        },
      })
      source.on('error', (err) => {
        tap.destroy(err)
        reject(err)
      })
      tap.on('error', reject)
      zip.addReadStream(source.pipe(tap), path, options)
    })

  async function fill(): Promise<void> {
    const ctx = deps.render ?? {}
    const integrity = report.integrity!
    addBuffer('VERIFY.md', Buffer.from(VERIFY_MD, 'utf8'))
    addBuffer('keys.json', json(deps.keyring))
    addBuffer('report.json', Buffer.from(renderJson(report), 'utf8'))
    addBuffer('oscal/assessment-results.json', json(renderOscal(report, ctx, { reportSha256: reportFingerprint(report) })))
    addBuffer('ocsf/findings.ndjson', Buffer.from(renderOcsfNdjson(report, ctx), 'utf8'))
    addBuffer('coverage.json', json(report.coverage))
    addBuffer('reviews.json', json({ attestations: report.attestations, exceptions: report.exceptions }))
    addBuffer('ledger/checkpoints.ndjson', ndjson(g.checkpoints))
    addBuffer('ledger/anchors.json', json({ origin: deps.origin, covering_checkpoint: integrity.checkpoint.seq, anchors: g.anchors }))
    for (const s of g.samples) {
      const dir = `samples/${safeName(s.sample_id)}`
      addBuffer(`${dir}.json`, json(s))
      const list = g.items.get(s.sample_id) ?? []
      list.forEach((item, i) => addBuffer(`${dir}/${String(i + 1).padStart(4, '0')}.json`, json(item)))
    }
    for (const p of report.populations) {
      const base = `populations/${safeName(p.name)}`
      await addStream(`${base}.ndjson`, await deps.store.populations.stream(p.query, p.params, 'JSONEachRow'))
      const csvQuery = p.source === 'access_log' ? accessLogPopulationCsvQuery : populationCsvQuery
      await addStream(`${base}.csv`, csvExport(await deps.store.populations.stream(csvQuery(p.query), p.params, 'JSONCompactEachRow'), true, POPULATION_SOURCES[p.source].csvColumns))
    }
    const contents = contentsSha256(files)
    addBuffer(PDF_PATH, await renderPdf(report, { ...ctx, bundle: { contentsSha256: contents } }))
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    const manifest: BundleManifest = BundleManifest.parse({
      type: 'vigil.evidence-bundle',
      v: 1,
      created_at: deps.now().toISOString(),
      report: { id: report.id, framework: report.framework, control: report.control.id, period: { start: report.period.start, end: report.period.end }, generated_at: report.generated.at },
      origin: deps.origin,
      checkpoint: { seq: integrity.checkpoint.seq, checkpoint_hash: integrity.checkpoint.checkpoint_hash },
      checkpoints: { from_seq: g.fromSeq, to_seq: g.toSeq },
      contents_sha256: contents,
      files,
      signature: { alg: 'Ed25519', key_id: deps.signingKey.key_id },
    })
    const bytes = Buffer.from(canonicalize(manifest), 'utf8')
    zip.addBuffer(bytes, MANIFEST_PATH, options)
    zip.addBuffer(Buffer.from(`${sign(null, bytes, deps.signingKey.privateKey).toString('base64')}\n`, 'utf8'), SIGNATURE_PATH, options)
    zip.end()
  }
  const out = zip.outputStream as unknown as Readable
  fill().catch((err: unknown) => out.destroy(err as Error))
  return out
}
