import { describe, expect, it } from 'vitest'
import { EvidenceReport } from '../src/report.js'
import { ExportFormat, renderReport } from '../src/render/index.js'
import { reportFingerprint } from '../src/render/json.js'
import { CONTEXT, emptyReport, fullReport } from './reports.js'

const TEXT_FORMATS = ['json', 'csv', 'html', 'oscal', 'ocsf'] as const

/** Replaces every form in which a generation time shows in an export, and the fingerprint that hashes it. */
function maskGenerated(body: string, report: EvidenceReport): string {
  const at = report.generated.at
  const whole = at.replace(/\.\d+Z$/, 'Z')
  const ms = String(Date.parse(at))
  const human = `${at.slice(0, 10)} ${at.slice(11, 19)}`
  return body.replaceAll(reportFingerprint(report), '<fingerprint>').replaceAll(at, '<at>').replaceAll(whole, '<at>').replaceAll(ms, '<at>').replaceAll(human, '<at>')
}

describe('reproduction', () => {
  for (const format of ExportFormat.options) {
    it(`${format}: the same report gives the same bytes, also after a round trip through its JSON`, async () => {
      const a = await renderReport(fullReport(), format, CONTEXT)
      const b = await renderReport(fullReport(), format, CONTEXT)
      const stored = EvidenceReport.parse(JSON.parse(String((await renderReport(fullReport(), 'json')).body)))
      const c = await renderReport(stored, format, CONTEXT)
      expect(Buffer.from(b.body).equals(Buffer.from(a.body))).toBe(true)
      expect(Buffer.from(c.body).equals(Buffer.from(a.body))).toBe(true)
      expect(a.filename.startsWith(fullReport().id)).toBe(true)
    })
  }

  for (const format of TEXT_FORMATS) {
    for (const [name, make] of [['full', fullReport], ['empty', emptyReport]] as const) {
      it(`${format}: a ${name} report regenerated later differs only in its generation time`, async () => {
        const first = make()
        const later = make()
        later.generated.at = '2027-03-15T17:42:05.250Z'
        const a = String((await renderReport(first, format, CONTEXT)).body)
        const b = String((await renderReport(later, format, CONTEXT)).body)
        expect(a).not.toBe(b)
        expect(maskGenerated(b, later)).toBe(maskGenerated(a, first))
      })
    }
  }

  it('pdf: regenerated later, the PDF changes (its creation date and fingerprint are the generation time)', async () => {
    const later = fullReport()
    later.generated.at = '2027-03-15T17:42:05.250Z'
    const a = (await renderReport(fullReport(), 'pdf', CONTEXT)).body as Buffer
    const b = (await renderReport(later, 'pdf', CONTEXT)).body as Buffer
    expect(a.equals(b)).toBe(false)
    expect(b.toString('latin1')).toContain('(D:20270315174205Z)')
  })
})
