import { readConfiguredFile } from '@vigil/core'

/** Reads ingest's configured PEM key and certificate (and client CA); a missing file is a startup error naming it. */
export function readTlsFiles(tls: { cert_file: string; key_file: string; client_ca_file?: string | undefined } | undefined, cwd: string): { key: Buffer; cert: Buffer; ca?: Buffer } | undefined {
  if (tls === undefined) return undefined
  const files = { cert: readConfiguredFile('ingest.tls.cert_file', tls.cert_file, cwd), key: readConfiguredFile('ingest.tls.key_file', tls.key_file, cwd) }
  return tls.client_ca_file === undefined ? files : { ...files, ca: readConfiguredFile('ingest.tls.client_ca_file', tls.client_ca_file, cwd) }
}
