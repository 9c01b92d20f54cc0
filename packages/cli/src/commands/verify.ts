import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AppError } from '@vigil/core'
import type { Keyring } from '@vigil/ledger'
import { createClickHouseClient, migrate, verifyLedger, type LedgerFailure, type LedgerReport } from '@vigil/store'
import { parseOptions, UsageError, write, type Command } from '../command.js'
import { configFile, loadAllConfigs } from '../load-configs.js'

/** Exit statuses of `vigil verify`. */
export const VERIFY_EXIT = { verified: 0, tampered: 1, unverifiable: 2 } as const

function seqOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a checkpoint number, got "${v}"`)
  return Number(v)
}

function readKeyring(path: string): Keyring {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new AppError('invalid_config', `cannot read the keyring ${path}: ${(err as Error).message}`)
  }
  const keys = (doc as { keys?: unknown }).keys
  if (!Array.isArray(keys)) throw new AppError('invalid_config', `${path} is not a keyring ({"keys": [...]})`)
  return doc as Keyring
}

function where(f: LedgerFailure): string {
  if (f.table !== undefined) return `${f.table}${f.key === undefined ? '' : ` ${f.key}`}`
  if (f.checkpoint !== undefined && f.stream === undefined) return `checkpoint ${f.checkpoint}`
  const chain = f.stream === undefined ? '' : `${f.stream}/${f.partition ?? 0}`
  const pos = f.seq === undefined ? '' : f.idx === undefined ? ` @${f.seq}` : ` @${f.seq}/${f.idx}`
  return `${f.checkpoint === undefined ? '' : `checkpoint ${f.checkpoint} `}${chain}${pos}`
}

/** The report as a table for people. */
export function formatReport(r: LedgerReport): string {
  const lines = [
    `ledger ${r.origin}: ${r.outcome.toUpperCase()}`,
    `checked ${r.checked.checkpoints} checkpoint(s), ${r.checked.batches} batch(es), ${r.checked.leaves} record(s)${r.range.from_checkpoint === null ? '' : `; checkpoints ${r.range.from_checkpoint}..${r.range.to_checkpoint}`}`,
  ]
  if (r.failures.length > 0) {
    const first = r.failures[0] as LedgerFailure
    lines.push(`first broken link: ${first.kind} at ${where(first)}`, '')
    const rows = r.failures.map((f) => [f.kind, where(f), f.detail])
    const w0 = Math.max(4, ...rows.map((x) => x[0]!.length))
    const w1 = Math.max(5, ...rows.map((x) => x[1]!.length))
    lines.push(`${'KIND'.padEnd(w0)}  ${'WHERE'.padEnd(w1)}  DETAIL`)
    for (const [k, w, d] of rows) lines.push(`${k!.padEnd(w0)}  ${w!.padEnd(w1)}  ${d}`)
  }
  for (const u of r.unverifiable) lines.push(`could not verify: ${u}`)
  for (const p of r.periods_without_checkpoint) lines.push(`no checkpoint for ${p.hours} h: ${p.from} to ${p.to}${p.checkpoint === null ? ' (since the latest checkpoint)' : ` (checkpoint ${p.checkpoint}'s period)`}`)
  for (const u of r.uncheckpointed) lines.push(`not yet checkpointed: ${u.stream}/${u.partition} positions ${u.from_seq}..${u.to_seq} (${u.batches} batch(es)); covered by the next checkpoint`)
  return lines.join('\n')
}

export const verifyLedgerCommand: Command = {
  path: ['verify', 'ledger'],
  summary: 'verify the evidence ledger in the store: records, batches, chains, checkpoints',
  usage: 'vigil verify ledger [--config FILE] [--data-dir DIR] [--keys keys.json] [--from N] [--to N] [--json]',
  help: `
Recomputes, where the database is, everything the evidence ledger commits
to: every record's leaf hash and each batch's Merkle root (in SQL), every
batch header and chain link, and every checkpoint's hash, signature,
link and coverage; and compares the tables the api reads (triage
transitions, attestations, samples, reports, the access log) with the
records sealed for them. Prints the first broken link and a table of every
failure: missing, added, modified or moved records, bad signatures,
checkpoints missing from the sequence, and what no checkpoint covers yet.

The embedded store (chDB) belongs to one process: stop \`vigil start\`
first, or ask the running server (GET /v1/ledger/verify).

Options:
  -c, --config FILE   the config the services run with (also VIGIL_CONFIG).
  -d, --data-dir DIR  the data directory (default ./data).
  --keys FILE         trusted public keys (keys.json). Default: keys.json in
                      ledger.anchor_dir (<data-dir>/ledger-anchors). Never
                      the store's own copy: whoever can write the store
                      could replace it.
  --from N, --to N    verify checkpoints N..M and the records they cover
                      (default: all, plus the records sealed since the last).
  --json              print the JSON report instead of the table.
  -h, --help          show this help.

Exit status: 0 verified; 1 tampered (an integrity check failed); 2 could
not verify (no checkpoint yet, no trusted key, the store unreachable).`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' }, 'data-dir': { type: 'string', short: 'd' }, keys: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } })
    const fromCheckpoint = seqOption('from', values.from)
    const toCheckpoint = seqOption('to', values.to)
    if (fromCheckpoint !== undefined && toCheckpoint !== undefined && toCheckpoint < fromCheckpoint) throw new UsageError('--to is before --from')
    let report: LedgerReport
    try {
      const cfg = loadAllConfigs(configFile(values.config, io), io, { data_dir: values['data-dir'] })
      const ledger = cfg.analyzer.ledger
      const keysPath = values.keys === undefined ? join(ledger.anchor_dir === undefined ? join(cfg.dataDir, 'ledger-anchors') : resolve(io.cwd, ledger.anchor_dir), 'keys.json') : resolve(io.cwd, values.keys)
      if (!existsSync(keysPath)) throw new AppError('invalid_config', `no trusted keys at ${keysPath}: give --keys keys.json (from an anchor or the engagement letter)`)
      const keyring = readKeyring(keysPath)
      const client = await createClickHouseClient(cfg.analyzer.store, cfg.dataDir)
      try {
        await migrate(client)
        report = await verifyLedger({ client, origin: ledger.origin, keyring, fromCheckpoint, toCheckpoint })
      } finally {
        await client.close()
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      write(io.stderr, `vigil verify ledger: could not verify: ${err.message}`)
      return VERIFY_EXIT.unverifiable
    }
    write(io.stdout, values.json === true ? JSON.stringify(report, null, 2) : formatReport(report))
    return VERIFY_EXIT[report.outcome]
  },
}
