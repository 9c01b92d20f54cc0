import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EvidenceReport } from '../src/report.js'
import { renderReport } from '../src/render/index.js'
import { canonicalJson } from '../src/render/jcs.js'
import { reportFingerprint } from '../src/render/json.js'
import { uuidV5 } from '../src/render/uuid-v5.js'
import { EVIDENCE_FIXTURES } from './fixtures.js'
import { emptyReport, fullReport } from './reports.js'

const JCS = `${EVIDENCE_FIXTURES}/jcs`

describe('canonical JSON (RFC 8785)', () => {
  const vectors = readdirSync(JCS).filter((f) => f.endsWith('.in.json'))
  it('has the six RFC test vectors', () => expect(vectors).toHaveLength(6))
  for (const f of vectors) {
    it(`reproduces ${f} byte for byte`, () => {
      const want = readFileSync(`${JCS}/${f.replace('.in.json', '.out.json')}`)
      expect(Buffer.from(canonicalJson(JSON.parse(readFileSync(`${JCS}/${f}`, 'utf8'))), 'utf8')).toEqual(want)
    })
  }
  it('rejects a lone surrogate and non-finite numbers', () => {
    expect(() => canonicalJson({ a: '\ud800' })).toThrow(/surrogate/)
    expect(() => canonicalJson([Number.NaN])).toThrow(/not a JSON number/)
  })
})

describe('UUIDv5', () => {
  it('matches the RFC 4122 namespace example computed by another implementation', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d')
  })
})

describe('JSON export', () => {
  it('is the canonical JSON of the report, parses back to an equal report, and has a stable fingerprint', async () => {
    const r = fullReport()
    const out = await renderReport(r, 'json')
    expect(out.contentType).toBe('application/json')
    expect(out.filename).toBe('rpt-3f2a9c41d7b0e8a5.json')
    const body = String(out.body)
    expect(EvidenceReport.parse(JSON.parse(body))).toEqual(r)
    expect(body.startsWith('{"attestations":[{"at":"2026-12-31T16:00:00Z"')).toBe(true)
    expect(reportFingerprint(r)).toMatch(/^[0-9a-f]{64}$/)
    expect(reportFingerprint(r)).toBe(reportFingerprint(fullReport()))
    expect(reportFingerprint(r)).not.toBe(reportFingerprint(emptyReport()))
  })

  it('gives equal bytes for equal reports built with keys in another order', async () => {
    const r = fullReport()
    const shuffled = Object.fromEntries(Object.entries(r).reverse()) as typeof r
    shuffled.coverage = Object.fromEntries(Object.entries(r.coverage).reverse()) as typeof r.coverage
    expect((await renderReport(shuffled, 'json')).body).toBe((await renderReport(r, 'json')).body)
  })
})
