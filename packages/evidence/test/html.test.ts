import { describe, expect, it } from 'vitest'
import { percent } from '../src/render/common.js'
import { renderReport } from '../src/render/index.js'
import { escapeHtml, renderHtml } from '../src/render/html.js'
import { reportFingerprint } from '../src/render/json.js'
import { CONTEXT, HOSTILE, HOSTILE_CONTEXT, emptyReport, fullReport, hostileReport } from './reports.js'

describe('HTML report', () => {
  it('escapes every string people control: user names, statements, rule and control titles', async () => {
    const html = String((await renderReport(hostileReport(), 'html', HOSTILE_CONTEXT)).body)
    expect(html).not.toContain('<script')
    expect(html).not.toContain(HOSTILE)
    const escaped = escapeHtml(HOSTILE)
    expect(escaped).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;')
    // Reviewer, statement, sampler, requester, control title and rule title each appear escaped.
    for (const where of [`principal:${escaped}`, `=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;) ${escaped}`, `@SUM(1+1) ${escaped}`, `Least privilege ${escaped}`, `Grants cluster-admin ${escaped}`]) {
      expect(html).toContain(where)
    }
  })

  it('is a self-contained page: no script, no external resource', () => {
    const html = renderHtml(fullReport(), CONTEXT)
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
  })

  it('shows the status box, coverage bar with each gap, populations, dispositions, over-SLA items, samples, sign-offs, versions, disclaimer and fingerprint', () => {
    const r = fullReport()
    const html = renderHtml(r, CONTEXT)
    expect(html).toContain('<span class="label">Exceptions noted</span>')
    expect(html).toContain('prod-a/apiserver-1: 2026-10-14T02:10:00Z to 2026-10-14T03:38:00Z (88 min)')
    expect(html).toContain('prod-b: 2026-11-30T23:55:00Z to 2026-12-01T01:30:00Z (95 min)')
    expect(html.match(/fill="#cf222e"><title>[^<]*min\)<\/title>/g)).toHaveLength(2)
    expect(html).toContain('<td class="num">1,832</td>')
    for (const label of ['Open (not resolved): 4', 'True positive: 1', 'Risk accepted: 1', 'Approved change: 2', 'False positive: 1']) expect(html).toContain(label)
    const overSla = html.slice(html.indexOf('<h2>Over SLA</h2>'), html.indexOf('<h2>All exceptions</h2>'))
    expect(overSla.match(/<tr><td class="t">f-\d+/g)).toEqual(['<tr><td class="t">f-0006', '<tr><td class="t">f-0008'])
    expect(html).toContain('smp-0001')
    expect(html).toContain('6a1f0c3e9b2d4875')
    expect(html).toContain('I reviewed the 9 findings of CC6.3 for Q4 2026 and their dispositions.')
    expect(html).toContain('a'.repeat(64))
    expect(html).toContain('Automated assessment, not an audit opinion.')
    expect(html).toContain(`<footer>`)
    expect(html.slice(html.indexOf('<footer>'))).toContain(reportFingerprint(r))
  })

  it('says so when there is nothing to show', () => {
    const html = renderHtml(emptyReport(), CONTEXT)
    expect(html).toContain('Insufficient evidence')
    expect(html).toContain('No population')
    expect(html).toContain('no exceptions')
    expect(html).toContain('No sample drawn.')
    expect(html).toContain('No sign-off for this control and period.')
    expect(html).toContain('not yet covered by the evidence ledger')
  })

  it('renders the same report to the same bytes', () => {
    expect(renderHtml(fullReport(), CONTEXT)).toBe(renderHtml(fullReport(), CONTEXT))
  })
})

describe('percent', () => {
  it('shows two decimals at most, rounded down, so a stream with a gap never reads 100%', () => {
    expect([99.93, 0.29, 1.15, 99.99999, 100, 0, 33.333333].map(percent)).toEqual(['99.93%', '0.29%', '1.15%', '99.99%', '100%', '0%', '33.33%'])
  })
})
