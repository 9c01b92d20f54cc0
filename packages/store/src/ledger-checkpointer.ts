import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'
import { AppError } from '@vigil/core'
import { buildCheckpoint, rotateKeyring, sha256, signCheckpoint, toHex, type ChainHead, type Keyring, type SignedCheckpoint, type SigningKey } from '@vigil/ledger'
import { toStoreError } from './client.js'
import { insertAnchor, insertCheckpoint, latestCheckpoint, readKeyring, writeKeyring } from './tables/ledger-checkpoints.js'
import { listBatchesBetween, readChainHeads } from './tables/ledger-entries.js'

/** Somewhere outside the store a checkpoint is copied to. */
export interface LedgerAnchor {
  readonly type: string
  /** Stores the checkpoint (and the current keyring); resolves with where and a receipt. */
  put(cp: SignedCheckpoint, keyring: Keyring): Promise<{ ref: string; receipt: string }>
}

function writeDurably(path: string, text: string, flag: 'wx' | 'w'): void {
  const fd = openSync(path, flag, 0o644)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Exports each checkpoint as `checkpoint-<seq>.json` into a directory the
 * operator points at WORM storage, never overwriting one, and keeps
 * `keys.json` beside them. The directory must exist: a missing anchor
 * target is a startup error, not a silent skip.
 */
export function createDirectoryAnchor(dir: string): LedgerAnchor {
  let ok = false
  try {
    ok = statSync(dir).isDirectory()
  } catch {
    ok = false
  }
  if (!ok) throw new AppError('invalid_config', `ledger.anchor_dir ${dir} is not an existing directory; create it (on WORM storage) or point the setting elsewhere`)
  return {
    type: 'directory',
    async put(cp, keyring) {
      const name = `checkpoint-${String(cp.body.seq).padStart(10, '0')}.json`
      const path = join(dir, name)
      const text = `${JSON.stringify(cp)}\n`
      if (existsSync(path)) {
        if (readFileSync(path, 'utf8') !== text) throw new AppError('internal', `anchor ${path} already holds a different checkpoint ${cp.body.seq}`)
      } else {
        writeDurably(path, text, 'wx')
      }
      const tmp = join(dir, `.keys.json.${process.pid}`)
      writeDurably(tmp, `${JSON.stringify(keyring, null, 2)}\n`, 'w')
      renameSync(tmp, join(dir, 'keys.json'))
      return { ref: path, receipt: `sha256:${toHex(sha256(Buffer.from(text)))}` }
    },
  }
}

export interface CheckpointerDeps {
  client: ClickHouseClient
  key: SigningKey
  origin: string
  anchors: readonly LedgerAnchor[]
  now: () => Date
}

export interface Checkpointer {
  /** Makes, signs, stores and anchors the next checkpoint (empty periods too). Runs one at a time. */
  checkpoint(): Promise<SignedCheckpoint>
}

export function createCheckpointer(deps: CheckpointerDeps): Checkpointer {
  let running: Promise<SignedCheckpoint> | undefined

  async function make(): Promise<SignedCheckpoint> {
    const { client, origin } = deps
    let cp: SignedCheckpoint
    let ring: Keyring
    try {
      const previous = await latestCheckpoint(client, origin)
      const heads = await readChainHeads(client)
      const before = new Map<string, ChainHead>((previous?.body.heads ?? []).map((h) => [`${h.stream}\u0000${h.partition}`, h]))
      const batches = []
      for (const h of heads) {
        const prev = before.get(`${h.stream}\u0000${h.partition}`)
        if (prev !== undefined && prev.last_seq >= h.last_seq) continue
        for (const b of await listBatchesBetween(client, h, prev?.last_seq, h.last_seq)) batches.push({ stream: b.stream, partition: b.partition, first_seq: b.seq, batch_hash: b.leaf_hash })
      }
      const now = deps.now().toISOString()
      // Chains the previous checkpoint knew stay listed even if their rows are gone: verification then reports the loss.
      const allHeads = new Map(heads.map((h) => [`${h.stream}\u0000${h.partition}`, h]))
      for (const [k, h] of before) if (!allHeads.has(k)) allHeads.set(k, h)
      const body = buildCheckpoint({ origin, previous, period_start: previous?.body.period_end ?? now, period_end: now, batches, heads: [...allHeads.values()], created_at: now })
      cp = signCheckpoint(body, deps.key)
      const stored = await readKeyring(client)
      ring = rotateKeyring(stored, deps.key.publicKey, body.seq)
      if (ring !== stored) await writeKeyring(client, ring, now)
      await insertCheckpoint(client, cp)
    } catch (err) {
      throw toStoreError(err, 'making a ledger checkpoint')
    }
    for (const anchor of deps.anchors) {
      const { ref, receipt } = await anchor.put(cp, ring)
      await insertAnchor(deps.client, { origin: deps.origin, checkpoint_seq: cp.body.seq, anchor_type: anchor.type, anchor_ref: ref, receipt, anchored_at: deps.now().toISOString() }).catch((err: unknown) => {
        throw toStoreError(err, 'recording a ledger anchor')
      })
    }
    return cp
  }

  return {
    checkpoint() {
      const next = (running ?? Promise.resolve()).catch(() => undefined).then(make)
      running = next
      return next
    },
  }
}
