import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readConfiguredFile } from './config-files.js'
import { AppError } from './errors.js'

describe('readConfiguredFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-files-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads a path relative to the given directory', () => {
    writeFileSync(join(dir, 'ca.pem'), 'PEM')
    expect(readConfiguredFile('store.tls.ca_file', 'ca.pem', dir).toString()).toBe('PEM')
  })

  it('names the config key and the file when it cannot read it', () => {
    let caught: unknown
    try {
      readConfiguredFile('ingest.tls.key_file', 'missing.key', dir)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect(caught).toMatchObject({ code: 'invalid_config', message: expect.stringMatching(/^cannot read ingest\.tls\.key_file missing\.key: ENOENT/) })
  })
})
