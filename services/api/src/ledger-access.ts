import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AppError } from '@vigil/core'
import type { Keyring, SigningKey } from '@vigil/ledger'

/** Where checkpoints and trusted keys are anchored: ledger.anchor_dir (relative to cwd), or ledger-anchors under the data directory. */
export function anchorDirOf(config: { anchor_dir?: string | undefined }, dataDir: string, cwd: string): string {
  return config.anchor_dir === undefined ? join(dataDir, 'ledger-anchors') : resolve(cwd, config.anchor_dir)
}

/** What the ledger routes need beyond the store: whose ledger, and the keys a verification trusts. */
export interface LedgerAccess {
  /** ledger.origin: the deployment the checkpoints name. */
  origin: string
  /**
   * The trusted public keys: keys.json in the anchor directory, outside the
   * store. Undefined when there is none yet (no checkpoint was anchored).
   */
  trustedKeys(): Promise<Keyring | undefined>
  /** The checkpoint key, where this process holds it: it signs evidence bundle manifests too. */
  signingKey?: SigningKey | undefined
}

/** Reads keys.json from a file each time, so a rotation shows without a restart. */
export function ledgerAccessFromFile(origin: string, keysFile: string, signingKey?: SigningKey): LedgerAccess {
  return {
    origin,
    signingKey,
    async trustedKeys() {
      let text: string
      try {
        text = await readFile(keysFile, 'utf8')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw new AppError('unavailable', `cannot read the trusted keys ${keysFile}: ${(err as Error).message}`, { cause: err, retryAfterSeconds: 1 })
      }
      try {
        const ring = JSON.parse(text) as Keyring
        if (!Array.isArray(ring.keys)) throw new Error('no "keys" array')
        return ring
      } catch (err) {
        throw new AppError('internal', `the trusted keys ${keysFile} do not parse: ${(err as Error).message}`, { cause: err })
      }
    },
  }
}
