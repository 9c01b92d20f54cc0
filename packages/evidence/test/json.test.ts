import { canonicalize } from '@vigil/ledger'
import { describe, expect, it } from 'vitest'
import { EvidenceReport } from '../src/report.js'
import { renderReport } from '../src/render/index.js'
import { reportFingerprint } from '../src/render/json.js'
import { uuidV5 } from '../src/render/uuid-v5.js'
import { emptyReport, fullReport } from './reports.js'

describe('canonical JSON', () => {
  it("is the ledger's RFC 8785 serializer (tested there on the RFC vectors): keys named like numbers sort as text", () => {
    // JavaScript would enumerate "10" before "a"; JCS sorts by code units: "1" < "10" < "a".
    expect(canonicalize({ a: 1, 10: 2, 1: 3 })).toBe('{"1":3,"10":2,"a":1}')
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
