import { createHash } from 'node:crypto'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { describe, expect, it } from 'vitest'
import { renderReport } from '../src/render/index.js'
import { reportFingerprint } from '../src/render/json.js'
import { PDF_MAX_EXCEPTION_ROWS } from '../src/render/pdf.js'
import { CONTEXT, FULL_ITEMS, HOSTILE_CONTEXT, emptyReport, fullReport, hostileReport } from './reports.js'

/** The text of each page, as a PDF reader extracts it. */
async function pages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise
  const out: string[] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent()
    out.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '))
  }
  await doc.destroy()
  return out
}

async function pdfOf(report: ReturnType<typeof fullReport>, ctx = CONTEXT): Promise<Buffer> {
  const out = await renderReport(report, 'pdf', ctx)
  expect(out.contentType).toBe('application/pdf')
  return out.body as Buffer
}

describe('PDF report', () => {
  it('parses, has the expected pages, and every page carries the disclaimer, page number and fingerprint', async () => {
    const r = fullReport()
    const text = await pages(await pdfOf(r))
    expect(text).toHaveLength(2)
    const fp = reportFingerprint(r)
    text.forEach((t, i) => {
      expect(t).toContain(fp)
      expect(t).toContain('Automated assessment, not an audit opinion.')
      expect(t).toContain(`page ${i + 1} of 2`)
    })
    const all = text.join('\n')
    for (const s of ['EXCEPTIONS NOTED', 'Coverage of the audit stream', '2026-10-14 02:10:00', 'soc2.CC6.3.population', '1,832', 'Over SLA', 'f-0008', 'smp-0001', 'principal:omar.sec', 'rfc3161:tsa.acme.example']) {
      expect(all).toContain(s)
    }
  })

  it('carries the report JSON as its PDF/A-3 attachment, whose SHA-256 is the fingerprint in the footers', async () => {
    const r = fullReport()
    const pdf = await pdfOf(r)
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise
    const attachments = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>
    await doc.destroy()
    expect(Object.values(attachments).map((a) => a.filename)).toEqual(['report.json'])
    const json = Buffer.from(Object.values(attachments)[0]!.content)
    expect(json.toString('utf8')).toBe(String((await renderReport(r, 'json')).body))
    expect(createHash('sha256').update(json).digest('hex')).toBe(reportFingerprint(r))
    expect(pdf.toString('latin1')).toContain('<pdfaid:part>3</pdfaid:part>')
  })

  it('renders an empty report with its status and the absence of evidence said in words', async () => {
    const r = emptyReport()
    const text = await pages(await pdfOf(r))
    expect(text).toHaveLength(1)
    const all = text.join('\n')
    for (const s of ['INSUFFICIENT EVIDENCE', 'No population', '0 exception(s)', 'No sample drawn.', 'No sign-off', reportFingerprint(r)]) expect(all).toContain(s)
  })

  it('prints hostile strings as text, and names in non-Latin scripts as written', async () => {
    const r = hostileReport()
    r.attestations[1]!.reviewer = 'principal:Јована Петровић'
    const all = (await pages(await pdfOf(r, HOSTILE_CONTEXT))).join('\n')
    expect(all).toContain('<script>alert("x")</script>')
    // A cell wraps between the two names; each must come out as written.
    expect(all).toContain('Јована')
    expect(all).toContain('Петровић')
  })

  it('lists at most the first rows of a long exception list and says where the rest are', async () => {
    const r = fullReport()
    r.exceptions.items = Array.from({ length: 450 }, (_, n) => ({ ...FULL_ITEMS[n % FULL_ITEMS.length]!, over_sla: false, finding_id: `f-${String(n).padStart(5, '0')}` }))
    r.exceptions.total = 450
    const text = await pages(await pdfOf(r))
    const all = text.join('\n')
    expect(all).toContain(`the first ${PDF_MAX_EXCEPTION_ROWS} of 450`)
    expect(all).toContain('f-00199')
    expect(all).not.toContain('f-00200')
    expect(all).not.toContain('f-00449')
    expect(text.length).toBeLessThan(20)
  })

  it('renders the same report to the same bytes: the creation date is the report generation time', async () => {
    const a = await pdfOf(fullReport())
    const b = await pdfOf(fullReport())
    expect(a.equals(b)).toBe(true)
    // Document info and the attachment's dates: all the generation time.
    const dates = a.toString('latin1').match(/\(D:\d{14}Z\)/g) ?? []
    expect(dates.length).toBeGreaterThanOrEqual(2)
    expect(new Set(dates)).toEqual(new Set(['(D:20270102090000Z)']))
    const later = fullReport()
    later.generated.at = '2027-02-01T00:00:00.000Z'
    expect((await pdfOf(later)).equals(a)).toBe(false)
  })
})
