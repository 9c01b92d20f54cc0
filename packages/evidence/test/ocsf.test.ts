import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderReport } from '../src/render/index.js'
import { ocsfComplianceFinding, ocsfDetectionFinding } from '../src/render/ocsf.js'
import { EVIDENCE_FIXTURES } from './fixtures.js'
import { CLASSES, check } from './ocsf-check.js'
import { CONTEXT, emptyReport, fullReport, notApplicableReport } from './reports.js'

type Json = Record<string, unknown>
const example = (name: string): Json => JSON.parse(readFileSync(`${EVIDENCE_FIXTURES}/ocsf/${name}.example.json`, 'utf8')) as Json

/** Every dotted key path of an object (arrays: their first element). */
function paths(o: unknown, at = ''): string[] {
  if (Array.isArray(o)) return o.length === 0 ? [] : paths(o[0], `${at}[]`)
  if (o === null || typeof o !== 'object') return []
  return Object.entries(o as Json).flatMap(([k, v]) => {
    const p = at === '' ? k : `${at}.${k}`
    return [p, ...(k === 'unmapped' || k === 'data' ? [] : paths(v, p))]
  })
}

describe('OCSF 1.8.0', () => {
  it('the checker accepts both fixture examples', () => {
    expect(check(example('detection-finding'))).toEqual([])
    expect(check(example('compliance-finding'))).toEqual([])
  })

  it('emits one Compliance Finding, then one Detection Finding per exception, one per line', async () => {
    const report = fullReport()
    const out = await renderReport(report, 'ocsf', CONTEXT)
    expect(out.contentType).toBe('application/x-ndjson')
    const lines = String(out.body).trimEnd().split('\n').map((l) => JSON.parse(l) as Json)
    expect(lines.map((l) => l['class_uid'])).toEqual([2003, ...report.exceptions.items.map(() => 2004)])
    for (const l of lines) expect(check(l)).toEqual([])
    expect(lines.slice(1).map((l) => (l['finding_info'] as Json)['uid'])).toEqual(report.exceptions.items.map((i) => i.finding_id))
  })

  for (const [name, make] of [['empty', emptyReport], ['not applicable', notApplicableReport]] as const) {
    it(`a ${name} report gives a conforming Compliance Finding alone`, async () => {
      const lines = String((await renderReport(make(), 'ocsf')).body).trimEnd().split('\n')
      expect(lines).toHaveLength(1)
      expect(check(JSON.parse(lines[0]!) as Json)).toEqual([])
    })
  }

  it('fails the check when any required attribute is dropped, at any level', () => {
    const report = fullReport()
    const det = ocsfDetectionFinding(report, report.exceptions.items[0]!, CONTEXT)
    const comp = ocsfComplianceFinding(report, CONTEXT)
    for (const f of [det, comp]) {
      for (const attr of CLASSES[f['class_uid'] as number]!.required) {
        const copy = structuredClone(f)
        delete copy[attr]
        expect(check(copy), `dropping ${attr}`).toContain(`${attr}: required, missing`)
      }
      for (const [obj, attr] of [['metadata', 'product'], ['metadata', 'version'], ['finding_info', 'uid']] as const) {
        const copy = structuredClone(f)
        delete (copy[obj] as Json)[attr]
        expect(check(copy), `dropping ${obj}.${attr}`).toContain(`${obj}.${attr}: required, missing`)
      }
      const analytic = structuredClone(f)
      delete ((analytic['finding_info'] as Json)['analytic'] as Json)['type_id']
      expect(check(analytic)).toContain('finding_info.analytic.type_id: required, missing')
    }
  })

  it('fails the check on a bad enum value, seconds instead of milliseconds, or an unknown attribute', () => {
    const report = fullReport()
    const det = ocsfDetectionFinding(report, report.exceptions.items[0]!, CONTEXT)
    expect(check({ ...det, severity_id: 7 })).toContain('severity_id: 7 is not a valid enum value')
    expect(check({ ...det, status_id: 2, status: 'New' })).toContain('status_id: caption New does not match 2 (In Progress)')
    expect(check({ ...det, time: Math.floor((det['time'] as number) / 1000) })).toContain('time: not epoch milliseconds')
    expect(check({ ...det, actor: { user: { name: 'x' } } })).toContain('actor: not an attribute of Detection Finding')
    expect(check({ ...det, compliance: {} })).toContain('compliance: not an attribute of Detection Finding')
  })

  it('has every attribute path of the fixture examples that the report can fill', () => {
    const report = fullReport()
    const det = paths(ocsfDetectionFinding(report, report.exceptions.items[0]!, CONTEXT))
    const comp = paths(ocsfComplianceFinding(report, CONTEXT))
    // The report's exceptions carry no request, actor, ATT&CK tags or related event: those paths are not filled.
    const unfillable = /^(evidences|finding_info\.(attacks|related_events|created_time|desc|types)|metadata\.(correlation_uid|tenant_uid)|remediation|resources\[\]\.data)/
    for (const p of paths(example('detection-finding'))) if (!unfillable.test(p)) expect(det, p).toContain(p)
    for (const p of paths(example('compliance-finding'))) if (!/^metadata\.tenant_uid/.test(p)) expect(comp, p).toContain(p)
  })

  it('maps triage outcomes to status, activity and severity', () => {
    const report = fullReport()
    const byId = Object.fromEntries(report.exceptions.items.map((i) => {
      const f = ocsfDetectionFinding(report, i, CONTEXT)
      return [i.finding_id, [f['status_id'], f['status'], f['activity_id'], f['severity_id']]]
    }))
    expect(byId).toEqual({
      'f-0001': [3, 'Suppressed', 3, 4],
      'f-0002': [3, 'Suppressed', 3, 3],
      'f-0003': [4, 'Resolved', 3, 5],
      'f-0004': [3, 'Suppressed', 3, 3],
      'f-0005': [99, 'Risk Accepted', 3, 2],
      'f-0006': [1, 'New', 1, 5],
      'f-0007': [2, 'In Progress', 2, 3],
      'f-0008': [2, 'In Progress', 2, 4],
      'f-0009': [1, 'New', 1, 1],
    })
    const f = ocsfDetectionFinding(report, report.exceptions.items[0]!, CONTEXT)
    expect((f['unmapped'] as Json)['compliance']).toEqual({ 'soc2@2017-points-of-focus-2022': ['CC6.3'] })
    expect(f['time']).toBe(Date.parse(report.exceptions.items[0]!.event_time))
  })

  it('maps the control status to compliance status', () => {
    const comp = (r: ReturnType<typeof fullReport>): Json => ocsfComplianceFinding(r, CONTEXT)['compliance'] as Json
    expect(comp(fullReport())).toMatchObject({ control: 'CC6.3', status_id: 3, status: 'Fail', requirements: ['soc2@2017-points-of-focus-2022:CC6.3'], standards: ['SOC 2 Trust Services Criteria, 2017 (points of focus 2022)'] })
    const op = fullReport()
    op.status = 'operating'
    expect(comp(op)).toMatchObject({ status_id: 1, status: 'Pass' })
    expect(comp(emptyReport())).toMatchObject({ status_id: 2, status: 'Warning' })
    expect(comp(notApplicableReport())).toMatchObject({ status_id: 99, status: 'Not Applicable' })
    const checks = comp(fullReport())['checks'] as Json[]
    expect(checks.map((c) => [c['uid'], c['status']])).toEqual([
      ['k8s.rbac.clusteradmin-grant', 'Fail'],
      ['k8s.rbac.role-escalate-verb', 'Fail'],
      ['k8s.rbac.wildcard-role', 'Fail'],
    ])
    const whole = ocsfComplianceFinding(fullReport(), CONTEXT)
    expect([whole['start_time'], whole['end_time']]).toEqual([Date.parse('2026-10-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z')])
    expect((whole['finding_info'] as Json)['src_url']).toBe(CONTEXT.reportUrl)
  })

  it('renders the same report to the same bytes', async () => {
    expect((await renderReport(fullReport(), 'ocsf', CONTEXT)).body).toBe((await renderReport(fullReport(), 'ocsf', CONTEXT)).body)
  })
})
