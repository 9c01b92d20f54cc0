import { cleanup, render } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { CoverageBar, gapPlacement } from './coverage-bar'

afterEach(cleanup)

const PERIOD = { start: '2026-10-01T00:00:00.000Z', end: '2026-10-11T00:00:00.000Z', tz: 'UTC' as const, boundary: '[start,end)' as const }

describe('CoverageBar', () => {
  it('places a gap where it falls in the period, and a short one still shows', () => {
    expect(gapPlacement(PERIOD, { start: '2026-10-06T00:00:00.000Z', end: '2026-10-07T00:00:00.000Z' })).toEqual({ left: 50, width: 10 })
    expect(gapPlacement(PERIOD, { start: '2026-10-01T00:00:00.000Z', end: '2026-10-01T00:05:00.000Z' }).width).toBe(0.4)
    expect(gapPlacement(PERIOD, { start: '2026-09-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' })).toEqual({ left: 0, width: 100 })
  })

  it('says the coverage in words and lists the gaps', () => {
    const coverage = {
      expected_minutes: 14_400,
      covered_minutes: 13_000,
      pct: 90.28,
      gap_threshold_minutes: 5,
      gaps: [
        { cluster: 'prod', apiserver: null, start: '2026-10-06T00:00:00.000Z', end: '2026-10-06T23:20:00.000Z', minutes: 1400 },
      ],
      dead_letters: 2,
      rejected_at_ingest: 0,
      dedup_drops: 7,
    }
    const { container, getByRole } = render(<CoverageBar period={PERIOD} coverage={coverage} />)
    expect(container.textContent).toContain('90.28% covered: 13,000 of 14,400 expected minutes; 1 gap of 5 minutes or more (1,400 minutes in all)')
    expect(getByRole('img').getAttribute('aria-label')).toBe('Coverage 90.28% over the period, 1 gap')
    const gap = container.querySelector<HTMLElement>('.coverage-gap')
    expect(gap?.style.left).toBe('50%')
    expect(container.querySelectorAll('tbody tr')).toHaveLength(1)
    expect(container.querySelector('tbody tr')?.textContent).toContain('prod')
  })
})
