import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '@vigil/core'

/** Reads a configured PEM key and certificate; a missing file is a startup error naming it. */
export function readTlsFiles(tls: { cert_file: string; key_file: string; client_ca_file?: string | undefined } | undefined, cwd: string): { key: Buffer; cert: Buffer; ca?: Buffer } | undefined {
  if (tls === undefined) return undefined
  const read = (what: string, file: string) => {
    try {
      return readFileSync(resolve(cwd, file))
    } catch (err) {
      throw new AppError('invalid_config', `cannot read the TLS ${what} ${file}: ${(err as Error).message}`)
    }
  }
  const files = { cert: read('certificate (ingest.tls.cert_file)', tls.cert_file), key: read('key (ingest.tls.key_file)', tls.key_file) }
  return tls.client_ca_file === undefined ? files : { ...files, ca: read('client CA (ingest.tls.client_ca_file)', tls.client_ca_file) }
}
