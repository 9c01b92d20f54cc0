import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readTlsFiles } from './tls-files.js'

describe('readTlsFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tls-files-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'tls.crt'), 'CERT')
  writeFileSync(join(dir, 'tls.key'), 'KEY')

  it('reads the certificate, the key and the optional client CA relative to the working directory', () => {
    expect(readTlsFiles(undefined, dir)).toBeUndefined()
    expect(readTlsFiles({ cert_file: 'tls.crt', key_file: 'tls.key' }, dir)).toEqual({ cert: Buffer.from('CERT'), key: Buffer.from('KEY') })
    expect(readTlsFiles({ cert_file: 'tls.crt', key_file: 'tls.key', client_ca_file: 'tls.crt' }, dir)?.ca).toEqual(Buffer.from('CERT'))
  })

  it('names the ingest key whose file is missing', () => {
    expect(() => readTlsFiles({ cert_file: 'tls.crt', key_file: 'nope.key' }, dir)).toThrow(/^cannot read ingest\.tls\.key_file nope\.key: /)
    expect(() => readTlsFiles({ cert_file: 'tls.crt', key_file: 'tls.key', client_ca_file: 'ca.pem' }, dir)).toThrow(/^cannot read ingest\.tls\.client_ca_file ca\.pem: /)
  })
})
