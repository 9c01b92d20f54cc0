import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { renderReport } from '../src/render/index.js'
import { renderOscal, oscalControlId } from '../src/render/oscal.js'
import { EVIDENCE_FIXTURES } from './fixtures.js'
import { CONTEXT, HOSTILE_CONTEXT, emptyReport, fullReport, hostileReport, notApplicableReport } from './reports.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const schema = JSON.parse(readFileSync(`${EVIDENCE_FIXTURES}/oscal/oscal_assessment-results_schema.json`, 'utf8')) as object
const ajv = new Ajv({ allErrors: true, strict: true })
addFormats(ajv)
const validate = ajv.compile(schema)

function check(doc: unknown): string {
  return validate(doc) ? 'valid' : ajv.errorsText(validate.errors, { separator: '\n' })
}

async function oscalOf(report: ReturnType<typeof fullReport>): Promise<Record<string, unknown>> {
  const out = await renderReport(report, 'oscal', CONTEXT)
  return JSON.parse(String(out.body)) as Record<string, unknown>
}

type Node = Record<string, unknown>

/** Every uuid defined anywhere in the document. */
function definedUuids(doc: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(doc)) doc.forEach((d) => definedUuids(d, into))
  else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === 'uuid' && typeof v === 'string') into.add(v)
      else definedUuids(v, into)
    }
  }
  return into
}

/** Every reference: `*-uuid` and `*-uuids` values, and `#uuid` hrefs. */
function references(doc: unknown, into: { key: string; value: string }[] = []): { key: string; value: string }[] {
  if (Array.isArray(doc)) doc.forEach((d) => references(d, into))
  else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k.endsWith('-uuid') && typeof v === 'string') into.push({ key: k, value: v })
      else if (k.endsWith('-uuids') && Array.isArray(v)) v.forEach((x) => into.push({ key: k, value: String(x) }))
      else if (k === 'href' && typeof v === 'string' && v.startsWith('#')) into.push({ key: k, value: v.slice(1) })
      else references(v, into)
    }
  }
  return into
}

function result(doc: Node): Node {
  return ((doc['assessment-results'] as Node)['results'] as Node[])[0]!
}

describe('OSCAL 1.1.3 assessment-results', () => {
  it('the schema compiles in strict mode and accepts the fixture example, and rejects a broken copy of it', () => {
    const example = JSON.parse(readFileSync(`${EVIDENCE_FIXTURES}/oscal/assessment-results.example.json`, 'utf8')) as Node
    expect(check(example)).toBe('valid')
    const broken = structuredClone(example)
    ;(broken['assessment-results'] as Node)['uuid'] = '018f3c1e-7b2a-7c3d-8e4f-5a6b7c8d9e0f' // UUIDv7
    expect(check(broken)).not.toBe('valid')
  })

  for (const [name, make] of [
    ['a full report', fullReport],
    ['an empty, insufficient-evidence report', emptyReport],
    ['a not-applicable report', notApplicableReport],
  ] as const) {
    it(`validates against the official schema: ${name}`, async () => {
      expect(check(await oscalOf(make()))).toBe('valid')
    })

    it(`resolves every uuid reference and #uuid href: ${name}`, async () => {
      const doc = await oscalOf(make())
      const defined = definedUuids(doc)
      const refs = references(doc)
      expect(refs.length).toBeGreaterThan(0)
      expect(refs.filter((r) => !defined.has(r.value))).toEqual([])
      // import-ap names a back-matter resource.
      const href = ((doc['assessment-results'] as Node)['import-ap'] as Node)['href'] as string
      const resources = ((doc['assessment-results'] as Node)['back-matter'] as Node)['resources'] as Node[]
      expect(resources.map((r) => r['uuid'])).toContain(href.slice(1))
    })
  }

  it('stays valid with hostile strings, padded names, no cluster in scope and no status reasons', async () => {
    const r = hostileReport()
    r.attestations[1]!.reviewer = '  principal:padded  '
    r.generated.by = '   '
    r.scope.clusters = []
    r.status_reasons = []
    const doc = JSON.parse(String((await renderReport(r, 'oscal', HOSTILE_CONTEXT)).body)) as Node
    expect(check(doc)).toBe('valid')
    expect(references(doc).filter((ref) => !definedUuids(doc).has(ref.value))).toEqual([])
  })

  it('has no duplicate uuids and only version-5 uuids', async () => {
    const doc = await oscalOf(fullReport())
    const all: string[] = []
    JSON.stringify(doc, (k, v: unknown) => {
      if (k === 'uuid') all.push(v as string)
      return v
    })
    expect(new Set(all).size).toBe(all.length)
    for (const u of all) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('maps populations and coverage to observations with hashes on back-matter resources', async () => {
    const report = fullReport()
    const doc = await oscalOf(report)
    const obs = result(doc)['observations'] as Node[]
    const pop = obs.find((o) => o['title'] === 'Population: soc2.CC6.3.population')!
    const props = Object.fromEntries((pop['props'] as Node[]).map((p) => [p['name'], p['value']]))
    expect(props).toMatchObject({ 'population-rows': '1832', 'query-sha256': 'b'.repeat(64), 'result-sha256': 'c'.repeat(64) })
    const evidenceHref = ((pop['relevant-evidence'] as Node[])[0]!['href'] as string).slice(1)
    const res = ((doc['assessment-results'] as Node)['back-matter'] as Node)['resources'] as Node[]
    const rlink = ((res.find((r) => r['uuid'] === evidenceHref)!['rlinks'] as Node[])[0] as Node)
    expect(rlink['hashes']).toEqual([{ algorithm: 'SHA-256', value: 'c'.repeat(64) }])
    const cov = obs.find((o) => o['title'] === 'Audit stream coverage')!
    expect(Object.fromEntries((cov['props'] as Node[]).map((p) => [p['name'], p['value']]))).toMatchObject({ 'coverage-pct': '99.93', 'gap-count': '2' })
    // One observation per exception, per sample, per population, plus coverage.
    expect(obs).toHaveLength(report.populations.length + 1 + report.samples.length + report.exceptions.items.length)
  })

  it('maps open, pending and risk-accepted exceptions to risks; resolved others are not risks', async () => {
    const doc = await oscalOf(fullReport())
    const risks = result(doc)['risks'] as Node[]
    const byFinding = Object.fromEntries(risks.map((r) => [((r['props'] as Node[]).find((p) => p['name'] === 'finding-id')!)['value'], r['status']]))
    expect(byFinding).toEqual({ 'f-0005': 'deviation-approved', 'f-0006': 'open', 'f-0007': 'investigating', 'f-0008': 'deviation-requested', 'f-0009': 'open' })
    const finding = (result(doc)['findings'] as Node[])[0]!
    expect(finding['target']).toMatchObject({ type: 'objective-id', 'target-id': 'cc6.3_obj', status: { state: 'not-satisfied', reason: 'fail' } })
    expect((finding['related-risks'] as Node[]).length).toBe(risks.length)
  })

  it('maps the assessment status to the finding target state', async () => {
    const operating = fullReport()
    operating.status = 'operating'
    expect(((result(await oscalOf(operating))['findings'] as Node[])[0]!['target'] as Node)['status']).toEqual({ state: 'satisfied', reason: 'pass' })

    const benign = fullReport()
    benign.exceptions.items = benign.exceptions.items.filter((i) => i.disposition === 'approved_change' || i.disposition === 'false_positive')
    const t = (result(await oscalOf(benign))['findings'] as Node[])[0]!['target'] as Node
    expect(t['status']).toEqual({ state: 'satisfied', reason: 'pass' })
    expect(t['remarks']).toMatch(/approved change or a false positive/)

    const insufficient = (result(await oscalOf(emptyReport()))['findings'] as Node[])[0]!['target'] as Node
    expect(insufficient).toMatchObject({ 'target-id': 'hipaa-164.312-b_obj', status: { state: 'not-satisfied', reason: 'other' } })

    const na = result(await oscalOf(notApplicableReport()))
    expect(na['findings']).toBeUndefined()
    expect((na['reviewed-controls'] as Node)['control-selections']).toEqual([
      { 'exclude-controls': [{ 'control-id': 'gdpr-art32-1-b' }], remarks: 'Not applicable: no cluster in scope is labelled as processing personal data' },
    ])
  })

  it('carries sign-offs as attestations and assessment-log entries by their reviewers', async () => {
    const doc = await oscalOf(fullReport())
    const r = result(doc)
    const parties = ((doc['assessment-results'] as Node)['metadata'] as Node)['parties'] as Node[]
    const nameOf = (uuid: string): unknown => parties.find((p) => p['uuid'] === uuid)?.['name']
    const atts = r['attestations'] as Node[]
    expect(atts.map((a) => nameOf(((a['responsible-parties'] as Node[])[0]!['party-uuids'] as string[])[0]!))).toEqual(['principal:jane.doe', 'principal:omar.sec'])
    expect(((atts[0]!['parts'] as Node[])[0]!['prose'] as string)).toContain('I reviewed the 9 findings of CC6.3')
    const entries = (r['assessment-log'] as Node)['entries'] as Node[]
    expect(entries.map((e) => e['title'])).toEqual([
      'Period sign-off att-0001',
      'Period sign-off att-0002',
      'Sample smp-0001 drawn (seeded_random, 25 items)',
      'Sample smp-0002 drawn (auditor, 3 items)',
      'Report generated',
    ])
  })

  it('leaves out what is empty rather than emitting empty arrays', async () => {
    const r = result(await oscalOf(emptyReport()))
    for (const k of ['attestations', 'risks']) expect(r).not.toHaveProperty(k)
    expect(JSON.stringify(await oscalOf(emptyReport()))).not.toMatch(/:\[\]/)
  })

  it('turns control ids into OSCAL tokens', () => {
    expect(oscalControlId('soc2', 'CC6.3')).toBe('cc6.3')
    expect(oscalControlId('hipaa', '164.312(b)')).toBe('hipaa-164.312-b')
    expect(oscalControlId('hipaa', '164.308(a)(1)(ii)(D)')).toBe('hipaa-164.308-a-1-ii-d')
    expect(oscalControlId('gdpr', 'Art.32(1)(b)')).toBe('gdpr-art32-1-b')
    expect(oscalControlId('gdpr', 'Art.5(1)(f)')).toBe('gdpr-art5-1-f')
  })

  it('renders the same report to the same bytes, and only generated.at changes them', async () => {
    const a = await renderReport(fullReport(), 'oscal', CONTEXT)
    const b = await renderReport(fullReport(), 'oscal', CONTEXT)
    expect(a.body).toEqual(b.body)
    const later = fullReport()
    later.generated.at = '2027-02-01T00:00:00.000Z'
    const c = renderOscal(later, CONTEXT, { reportSha256: '0'.repeat(64) })
    const d = renderOscal(fullReport(), CONTEXT, { reportSha256: '0'.repeat(64) })
    const strip = (x: unknown): string => JSON.stringify(x).replaceAll('2027-02-01T00:00:00.000Z', 'T').replaceAll('2027-01-02T09:00:00.000Z', 'T')
    expect(strip(c)).toBe(strip(d))
  })
})
