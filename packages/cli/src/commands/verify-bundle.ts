import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '@vigil/core'
import { formatBundleVerification, verifyBundle } from '@vigil/evidence'
import type { Keyring } from '@vigil/ledger'
import { parseOptions, UsageError, write, type Command } from '../command.js'
import { VERIFY_EXIT } from './verify.js'

function readKeys(path: string): Keyring {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new AppError('invalid_config', `cannot read the keyring ${path}: ${(err as Error).message}`)
  }
  if (!Array.isArray((doc as { keys?: unknown }).keys)) throw new AppError('invalid_config', `${path} is not a keyring ({"keys": [...]})`)
  return doc as Keyring
}

export const verifyBundleCommand: Command = {
  path: ['verify', 'bundle'],
  summary: 'verify an evidence bundle (ZIP) offline: files, manifest signature, checkpoints, inclusion proofs',
  usage: 'vigil verify bundle FILE.zip [--keys keys.json] [--json]',
  help: `
Checks an evidence bundle exported with \`vigil evidence report --bundle\`
(or GET /v1/reports/{id}/bundle), with no server and no store:

  - the ZIP structure, byte for byte (headers, directory, CRCs);
  - every file's SHA-256 and size against manifest.json, and that the
    archive holds nothing else;
  - manifest.sig, the Ed25519 signature over manifest.json;
  - every ledger checkpoint in the bundle: hash, signature, chain link;
  - every sampled item's inclusion proof, up to a signed checkpoint;
  - the populations against the report's result_sha256, and the PDF
    footer hash (contents_sha256) against the file list;
  - every seeded sample of the bundled population, drawn again from its
    seed.

Prints a table, failures first, each naming the file, checkpoint or item.

Options:
  --keys FILE   the deployment's public keys (keys.json), obtained out of
                band: from the engagement letter or the operator's anchor
                directory. This is what to trust. Without it the bundle's
                own keys.json is used, which a forger could replace along
                with everything else; the output says so.
  --json        print the JSON result instead of the table.
  -h, --help    show this help.

Exit status: 0 verified; 1 tampered (a check failed); 2 could not verify
(the file cannot be read, a key is unknown, an item has no proof).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { keys: { type: 'string' }, json: { type: 'boolean' } }, true)
    if (positionals.length !== 1) throw new UsageError('give one bundle: vigil verify bundle FILE.zip')
    let keyring: Keyring | undefined
    try {
      keyring = values.keys === undefined ? undefined : readKeys(resolve(io.cwd, values.keys))
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      write(io.stderr, `vigil verify bundle: could not verify: ${err.message}`)
      return VERIFY_EXIT.unverifiable
    }
    const result = await verifyBundle(resolve(io.cwd, positionals[0] as string), { keyring })
    write(io.stdout, values.json === true ? JSON.stringify(result, null, 2) : formatBundleVerification(result))
    return VERIFY_EXIT[result.outcome]
  },
}
