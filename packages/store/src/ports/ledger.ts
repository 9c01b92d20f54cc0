import type { ChainHead, Keyring, SignedCheckpoint } from '@vigil/ledger'
import { createLedgerSealer, type LedgerRecord, type LedgerUnit } from '../ledger-sealer.js'
import { lastSealedRulePack } from '../tables/ledger-entries.js'
import { verifyLedger, type LedgerReport } from '../ledger-verifier.js'
import { buildInclusionProof, type InclusionProof, type RecordLocator } from '../ledger-proof.js'
import type { StoreOps } from '../store-ops.js'
import { latestCheckpoint, listCheckpoints, readKeyring } from '../tables/ledger-checkpoints.js'
import { LEDGER_ENTRIES_TABLE, readChainHeads } from '../tables/ledger-entries.js'

/**
 * The evidence ledger: sealing on the analyzer's write path, and what the
 * API and `vigil verify` read (checkpoints, proofs, verification).
 */
export interface LedgerStore {
  /** Seals records into batches chained to each chain's head; one insert. Calls must not overlap. */
  seal(units: readonly LedgerUnit[]): Promise<void>
  /** Forgets the cached chain heads (after a rebalance another worker may have sealed). */
  resetHeads(): void
  heads(): Promise<ChainHead[]>
  checkpoints(origin: string, range?: { fromSeq?: number; toSeq?: number }): Promise<SignedCheckpoint[]>
  latestCheckpoint(origin: string): Promise<SignedCheckpoint | undefined>
  /** The keyring the checkpointer recorded (informative: verification must be given trusted keys). */
  keyring(): Promise<Keyring>
  /** An inclusion proof of one record up to the first checkpoint that covers it; undefined when no such record. */
  proof(origin: string, record: RecordLocator): Promise<InclusionProof | undefined>
  verify(options: { origin: string; keyring: Keyring; fromCheckpoint?: number | undefined; toCheckpoint?: number | undefined }): Promise<LedgerReport>
  /**
   * Seals a rule-pack record on this process's chain when its `pack_sha256`
   * differs from the last one sealed (by any process); true when it sealed.
   * False, and nothing sealed, when the store was opened without `apiLedger`.
   */
  sealRulePack(record: LedgerRecord & { pack_sha256: string }): Promise<boolean>
}

export function createLedgerStore(ops: StoreOps, options: { onGap?: (gap: { stream: string; partition: number; expected: number; got: number }) => void } = {}): LedgerStore {
  const { client } = ops
  const sealer = createLedgerSealer({ client, now: ops.now, ...options })
  return {
    seal: (units) => ops.write(LEDGER_ENTRIES_TABLE, 'sealing the ledger', () => sealer.seal(units)),
    resetHeads: () => sealer.reset(),
    heads: () => ops.read('reading the ledger heads', () => readChainHeads(client)),
    checkpoints: (origin, range) => ops.read('listing ledger checkpoints', () => listCheckpoints(client, origin, range)),
    latestCheckpoint: (origin) => ops.read('reading the latest checkpoint', () => latestCheckpoint(client, origin)),
    keyring: () => ops.read('reading the ledger keyring', () => readKeyring(client)),
    proof: (origin, record) => ops.read('building an inclusion proof', () => buildInclusionProof(client, origin, record)),
    verify: (o) => verifyLedger({ client, ...o }),
    async sealRulePack(record) {
      const ledger = ops.apiLedger
      if (ledger === undefined) return false
      const last = await ops.read('reading the last sealed rule pack', () => lastSealedRulePack(client, record.type))
      if (last === record.pack_sha256) return false
      await ops.write(LEDGER_ENTRIES_TABLE, 'sealing a rule-pack change', () => ledger.append([record]))
      return true
    },
  }
}
