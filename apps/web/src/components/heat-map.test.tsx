import { cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { ControlSummary } from '../api/evidence-types'
import { STATUS } from '../lib/compliance'
import { HeatMap, StatusLegend } from './heat-map'

function control(id: string, status: ControlSummary['status'], extra: Partial<ControlSummary> = {}): ControlSummary {
  return { id, title: `Control ${id}`, status, report_id: `rpt-${'0'.repeat(32)}`, population_rows: 120, exceptions: 3, open: 1, over_sla: 0, coverage_pct: 99.5, ...extra }
}

const ROWS = [
  { framework: 'soc2' as const, controls: [control('CC6.1', 'operating'), control('CC6.3', 'exceptions_noted', { over_sla: 2 }), control('CC7.2', 'not_operating'), control('CC8.1', 'insufficient_evidence', { population_rows: null })] },
  { framework: 'gdpr' as const, controls: [control('Art.30', 'not_applicable', { exceptions: 0, open: 0 })] },
]

const hrefOf = (f: string, c: string) => `/compliance/${f}/${encodeURIComponent(c)}?start=2026-10-01&end=2027-01-01`

afterEach(cleanup)

describe('HeatMap', () => {
  it('draws one tile per control under its framework, each a link to its report for the same period', () => {
    const { getByRole, container } = render(<HeatMap rows={ROWS} hrefOf={hrefOf} />)
    expect(getByRole('heading', { name: /SOC 2/ }).textContent).toContain('4 controls')
    expect(getByRole('heading', { name: /GDPR/ })).toBeTruthy()
    const tiles = [...container.querySelectorAll<HTMLAnchorElement>('a.tile')]
    expect(tiles.map((t) => t.getAttribute('href'))).toEqual([
      '/compliance/soc2/CC6.1?start=2026-10-01&end=2027-01-01',
      '/compliance/soc2/CC6.3?start=2026-10-01&end=2027-01-01',
      '/compliance/soc2/CC7.2?start=2026-10-01&end=2027-01-01',
      '/compliance/soc2/CC8.1?start=2026-10-01&end=2027-01-01',
      '/compliance/gdpr/Art.30?start=2026-10-01&end=2027-01-01',
    ])
  })

  it('says every status in words and with a mark, never by colour alone', () => {
    const { container } = render(<HeatMap rows={ROWS} hrefOf={hrefOf} />)
    for (const tile of container.querySelectorAll<HTMLAnchorElement>('a.tile')) {
      const status = [...tile.classList].find((c) => c.startsWith('st-'))?.slice(3) as keyof typeof STATUS
      expect(tile.textContent).toContain(STATUS[status].label)
      expect(tile.querySelector('.st-mark')?.textContent).toBe(STATUS[status].mark)
      expect(tile.getAttribute('title')).toContain(STATUS[status].label)
    }
    // Each mark is distinct, so the statuses differ in shape too.
    expect(new Set(Object.values(STATUS).map((s) => s.mark)).size).toBe(Object.keys(STATUS).length)
  })

  it("puts each tile's counts in its text, and the full detail in its tooltip", () => {
    const { getByRole } = render(<HeatMap rows={ROWS} hrefOf={hrefOf} />)
    const tile = getByRole('link', { name: /^CC6\.3 / })
    expect(tile.textContent).toBe('CC6.3! Exceptions notedControl CC6.3120 events3 exceptions (1 open)99.5% covered')
    expect(tile.getAttribute('title')).toBe('CC6.3 Control CC6.3; Exceptions noted; 120 population events; 3 exceptions, 1 open, 2 over SLA; coverage 99.5%')
    expect(getByRole('link', { name: /^CC8\.1 / }).textContent).not.toContain('events')
  })

  it('moves between the tiles of a framework with the arrow keys, Home and End', () => {
    const { getByRole } = render(<HeatMap rows={ROWS} hrefOf={hrefOf} />)
    const first = getByRole('link', { name: /^CC6\.1 / })
    first.focus()
    fireEvent.keyDown(first, { key: 'ArrowRight' })
    expect(document.activeElement).toBe(getByRole('link', { name: /^CC6\.3 / }))
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' })
    expect(document.activeElement).toBe(getByRole('link', { name: /^CC8\.1 / }))
    // The last tile of a framework stays put: the arrows do not leave its grid.
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' })
    expect(document.activeElement).toBe(getByRole('link', { name: /^CC8\.1 / }))
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' })
    expect(document.activeElement).toBe(getByRole('link', { name: /^CC7\.2 / }))
    fireEvent.keyDown(document.activeElement as Element, { key: 'Home' })
    expect(document.activeElement).toBe(first)
    // Other keys are left alone (Enter follows the link).
    const enter = fireEvent.keyDown(first, { key: 'Enter' })
    expect(enter).toBe(true)
  })

  it('says so when a catalog has no controls', () => {
    const { getByText } = render(<HeatMap rows={[{ framework: 'hipaa', controls: [] }]} hrefOf={hrefOf} />)
    expect(getByText('No controls in this catalog.')).toBeTruthy()
  })

  it('has a legend that names every status', () => {
    const { getByRole } = render(<StatusLegend />)
    const items = [...getByRole('list', { name: 'Statuses' }).querySelectorAll('li')].map((li) => li.textContent?.trim())
    expect(items).toEqual(Object.values(STATUS).map((s) => `${s.mark} ${s.label}`))
  })
})
