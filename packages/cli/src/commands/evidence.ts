import { createWriteStream, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ServiceIo } from '@vigil/platform'
import { parseOptions, UsageError, write, type Command } from '../command.js'
import { openEvidenceTarget, type EvidenceTarget } from '../evidence-target.js'
import { Progress } from '../progress.js'

const TARGET_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string', short: 'o' },
} as const

const TARGET_HELP = `
Where the evidence comes from (one of):
  --server URL       a running vigil api (token from --token or VIGIL_API_TOKEN)
  --data-dir DIR     the data directory of a stopped vigil (default: data_dir
                     from --config / VIGIL_CONFIG, else ./data); served offline
                     by the same api code on a loopback port
  --config FILE      config file for --data-dir mode (store, evidence settings)
  --out FILE         write the result to FILE instead of stdout`

const PERIOD_HELP = `
  --start DATE       period start, inclusive: YYYY-MM-DD (midnight UTC) or RFC 3339
  --end DATE         period end, exclusive (1 Oct to 31 Dec: --end 2027-01-01)
  --cluster ID       a cluster in scope (repeatable; default: all you may see)
  --as-of TIME       snapshot: leave out rows stored after it (default: the
                     earlier of now and the period end)`

class RequestFailed extends Error {}

async function request(t: EvidenceTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  let res: Response
  try {
    res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${t.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (err) {
    throw new RequestFailed(`cannot reach ${t.baseUrl}: ${(err as Error).message}`)
  }
  if (!res.ok) {
    const text = await res.text()
    let detail = text
    try {
      const e = (JSON.parse(text) as { error?: { code: string; message: string } }).error
      if (e !== undefined) detail = `${e.code}: ${e.message}`
    } catch {
      // not JSON: show as is
    }
    throw new RequestFailed(`${method} ${path} answered ${res.status}: ${detail}`)
  }
  return res
}

async function json(t: EvidenceTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  return (await request(t, method, path, body)).json()
}

function emit(io: ServiceIo, out: string | undefined, text: string): void {
  if (out === undefined || out === '-') write(io.stdout, text)
  else writeFileSync(resolve(io.cwd, out), `${text}\n`)
}

async function withTarget(name: string, values: Parameters<typeof openEvidenceTarget>[0], io: ServiceIo, fn: (t: EvidenceTarget) => Promise<number>): Promise<number> {
  const t = await openEvidenceTarget(values, io)
  try {
    return await fn(t)
  } catch (err) {
    if (err instanceof RequestFailed) {
      write(io.stderr, `vigil evidence ${name}: ${err.message}`)
      return 1
    }
    throw err
  } finally {
    await t.close()
  }
}

function need(values: Record<string, unknown>, ...keys: string[]): void {
  const missing = keys.filter((k) => values[k] === undefined)
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')}`)
}

function periodParams(values: { start?: string | undefined; end?: string | undefined; cluster?: string[] | undefined; 'as-of'?: string | undefined }): URLSearchParams {
  const q = new URLSearchParams({ start: values.start ?? '', end: values.end ?? '' })
  if (values.cluster !== undefined) q.set('cluster', values.cluster.join(','))
  if (values['as-of'] !== undefined) q.set('as_of', values['as-of'])
  return q
}

const PERIOD_OPTIONS = {
  framework: { type: 'string' },
  control: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  cluster: { type: 'string', multiple: true },
  'as-of': { type: 'string' },
} as const

export const evidenceReportCommand: Command = {
  path: ['evidence', 'report'],
  summary: "generate one control's evidence report (JSON) for a period",
  usage: 'vigil evidence report --framework F --control C --start DATE --end DATE [--cluster ID]... [--as-of TIME] [--server URL | --data-dir DIR] [--out FILE] [--bundle --out FILE.zip]',
  help: `
Generates the evidence report of one control (docs/evidence.md): status,
coverage and gaps, populations with their query hashes, exceptions and their
triage, samples and sign-offs. Prints the native JSON report.

With --bundle, writes the signed evidence bundle of the report instead (a
ZIP: the report in JSON, PDF, OSCAL and OCSF, populations, samples with
inclusion proofs, ledger checkpoints, keys, VERIFY.md, and manifest.json
signed by manifest.sig) to --out. A ledger checkpoint must cover the
report's snapshot: give --as-of at or before the latest checkpoint, or wait
for the next one. Check it with \`vigil verify bundle FILE.zip\`.

Options:
  --framework F      soc2, hipaa or gdpr
  --control C        a control id of the framework, e.g. CC6.3 or 164.312(b)
  --bundle           write the evidence bundle (ZIP) to --out
${PERIOD_HELP}
${TARGET_HELP}

Exit status: 0 on success, 1 when the api refuses (the message says why), 2 on a usage error.

Example:
  vigil evidence report --framework soc2 --control CC6.3 --start 2026-10-01 --end 2027-01-01 --out cc6.3.json`,
  async run(args, io) {
    const { values } = parseOptions(args, { ...PERIOD_OPTIONS, ...TARGET_OPTIONS, bundle: { type: 'boolean' } })
    need(values, 'framework', 'control', 'start', 'end')
    if (values.bundle === true && (values.out === undefined || values.out === '-')) throw new UsageError('--bundle writes a ZIP file: give --out FILE.zip')
    return withTarget('report', values, io, async (t) => {
      const report = await json(t, 'POST', '/v1/reports', { framework: values.framework, control: values.control, start: values.start, end: values.end, clusters: values.cluster, as_of: values['as-of'] })
      if (values.bundle === true) {
        const id = (report as { id: string }).id
        const res = await request(t, 'GET', `/v1/reports/${id}/bundle`)
        if (res.body === null) throw new RequestFailed(`GET /v1/reports/${id}/bundle answered without a body`)
        const out = resolve(io.cwd, values.out as string)
        await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(out))
        write(io.stderr, `${id}: evidence bundle → ${values.out} (check it with: vigil verify bundle ${values.out})`)
        return 0
      }
      emit(io, values.out, JSON.stringify(report, null, 2))
      const r = report as { id: string; status: string; coverage: { pct: number }; exceptions: { total: number; open: number } }
      if (values.out !== undefined && values.out !== '-') write(io.stderr, `${r.id}: ${r.status} (coverage ${r.coverage.pct}%, ${r.exceptions.total} exceptions, ${r.exceptions.open} open) → ${values.out}`)
      return 0
    })
  },
}

export const evidenceSummaryCommand: Command = {
  path: ['evidence', 'summary'],
  summary: 'every control of a framework for a period: status and counts',
  usage: 'vigil evidence summary --framework F --start DATE --end DATE [--cluster ID]... [--as-of TIME] [--json] [--server URL | --data-dir DIR] [--out FILE]',
  help: `
Prints one line per control of the framework: its status and the counts its
report gives (population rows, exceptions, open, over SLA, coverage).

Options:
  --framework F      soc2, hipaa or gdpr
  --json             print the summary as JSON
${PERIOD_HELP}
${TARGET_HELP}

Example:
  vigil evidence summary --framework hipaa --start 2026-10-01 --end 2027-01-01`,
  async run(args, io) {
    const { values } = parseOptions(args, { ...PERIOD_OPTIONS, json: { type: 'boolean' }, ...TARGET_OPTIONS })
    need(values, 'framework', 'start', 'end')
    if (values.control !== undefined) throw new UsageError('summary covers every control; use vigil evidence report for one')
    return withTarget('summary', values, io, async (t) => {
      const s = (await json(t, 'GET', `/v1/frameworks/${encodeURIComponent(values.framework!)}/summary?${periodParams(values)}`)) as {
        controls: { id: string; status: string; population_rows: number | null; exceptions: number; open: number; over_sla: number; coverage_pct: number; title: string }[]
        disclaimer: string
      }
      if (values.json) {
        emit(io, values.out, JSON.stringify(s, null, 2))
        return 0
      }
      const rows = [['control', 'status', 'population', 'exceptions', 'open', 'over_sla', 'coverage', 'title'], ...s.controls.map((c) => [c.id, c.status, c.population_rows === null ? '-' : String(c.population_rows), String(c.exceptions), String(c.open), String(c.over_sla), `${c.coverage_pct}%`, c.title])]
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
      emit(io, values.out, `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n')}\n\n${s.disclaimer}`)
      return 0
    })
  },
}

export const evidencePopulationCommand: Command = {
  path: ['evidence', 'population'],
  summary: "export a control's population (CSV or NDJSON) with its IPE manifest",
  usage: 'vigil evidence population --framework F --control C --start DATE --end DATE --out FILE [--source audit_events|access_log] [--format csv|ndjson] [--cluster ID]... [--as-of TIME] [--server URL | --data-dir DIR]',
  help: `
Runs the control's population (every stored event its population rules
matched in the period and scope, as of the snapshot), then streams it to
--out. Next to it: FILE.population.json (the manifest: exact SQL, parameters,
hashes, row count) and, for CSV, FILE-metadata.json (CSVW column
descriptions). Shows progress on a terminal. The NDJSON file's SHA-256 equals
the manifest's result_sha256.

Options:
  --framework F, --control C
  --format csv|ndjson   default csv (UTF-8 with BOM, CRLF, formula guard)
  --no-bom              csv without the byte-order mark
  --source S            audit_events (default): the events the control's rules
                        matched; access_log: every request to vigil's own API
                        (for controls that cite it: soc2 CC6.1, hipaa 164.312(b))
${PERIOD_HELP}
${TARGET_HELP}

Example:
  vigil evidence population --framework soc2 --control CC6.3 --start 2026-10-01 --end 2027-01-01 --out cc6.3.csv`,
  async run(args, io) {
    const { values } = parseOptions(args, { ...PERIOD_OPTIONS, format: { type: 'string' }, 'no-bom': { type: 'boolean' }, source: { type: 'string' }, ...TARGET_OPTIONS })
    need(values, 'framework', 'control', 'start', 'end', 'out')
    const format = values.format ?? 'csv'
    if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format is csv or ndjson, not ${format}`)
    if (values.source !== undefined && values.source !== 'audit_events' && values.source !== 'access_log') throw new UsageError(`--source is audit_events or access_log, not ${values.source}`)
    const out = resolve(io.cwd, values.out!)
    return withTarget('population', values, io, async (t) => {
      const q = periodParams(values)
      q.set('framework', values.framework!)
      q.set('control', values.control!)
      if (values.source !== undefined) q.set('source', values.source)
      const manifest = (await json(t, 'GET', `/v1/populations?${q}`)) as { id: string; row_count: number; result_sha256: string }
      const res = await request(t, 'GET', `/v1/populations/${manifest.id}/export?format=${format}${values['no-bom'] ? '&bom=false' : ''}`)
      const progress = new Progress(io.stderr, io.isTty, manifest.row_count)
      let rows = format === 'csv' ? -1 : 0
      const count = new Transform({
        transform(chunk: Buffer, _e, done) {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++
          progress.update(rows, `${rows.toLocaleString('en-US')} of ${manifest.row_count.toLocaleString('en-US')} rows`)
          done(null, chunk)
        },
      })
      await pipeline(Readable.fromWeb(res.body as never), count, createWriteStream(out))
      progress.finish()
      emit(io, `${out}.population.json`, JSON.stringify(manifest, null, 2))
      if (format === 'csv') emit(io, `${out.replace(/\.csv$/, '')}.csv-metadata.json`, JSON.stringify(await json(t, 'GET', `/v1/populations/${manifest.id}/csv-metadata`), null, 2))
      write(io.stderr, `${manifest.id}: ${manifest.row_count} rows → ${values.out} (result_sha256 ${manifest.result_sha256})`)
      return 0
    })
  },
}

export const evidenceSampleCommand: Command = {
  path: ['evidence', 'sample'],
  summary: 'draw a reproducible sample from a population',
  usage: 'vigil evidence sample --population ID (--seed SEED [--size N] | --item KEY...) [--bundle] [--server URL | --data-dir DIR] [--out FILE]',
  help: `
Draws a sample from a recorded population (its id is in the manifest that
vigil evidence population writes). With --seed: sha256-rank/v1, which anyone
can re-draw from the seed and the population's keys (docs/evidence.md); the
size defaults to the suggestion for the population size. With --item: the
auditor's own choice of row keys (cluster/audit_id/stage). Every draw is
recorded with who drew it.

Options:
  --population ID    pop-… from the population manifest
  --seed SEED        the auditor's seed
  --size N           how many items
  --item KEY         a row key to include (repeatable), instead of --seed
  --bundle           print the sample with each item's event, findings and triage
${TARGET_HELP}

Example:
  vigil evidence sample --population pop-3f6c… --seed "ACME-2026-Q4" --size 25 --bundle --out sample.json`,
  async run(args, io) {
    const { values } = parseOptions(args, { population: { type: 'string' }, seed: { type: 'string' }, size: { type: 'string' }, item: { type: 'string', multiple: true }, bundle: { type: 'boolean' }, ...TARGET_OPTIONS })
    need(values, 'population')
    if ((values.seed === undefined) === (values.item === undefined)) throw new UsageError('give either --seed or --item')
    const size = values.size === undefined ? undefined : Number(values.size)
    if (size !== undefined && (!Number.isInteger(size) || size < 1)) throw new UsageError(`--size must be a positive integer, not ${values.size}`)
    return withTarget('sample', values, io, async (t) => {
      const sample = (await json(t, 'POST', '/v1/samples', { population_id: values.population, seed: values.seed, size, items: values.item })) as { sample_id: string }
      const out = values.bundle ? await json(t, 'GET', `/v1/samples/${sample.sample_id}`) : sample
      emit(io, values.out, JSON.stringify(out, null, 2))
      return 0
    })
  },
}

export const EVIDENCE_COMMANDS: readonly Command[] = [evidenceReportCommand, evidenceSummaryCommand, evidencePopulationCommand, evidenceSampleCommand]
