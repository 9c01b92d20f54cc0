import type { CoverageGap, EvidenceReport } from '../api/evidence-types'
import { Time } from './time'

const fmt = (n: number) => n.toLocaleString('en')
const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`

/** Where a gap sits along the period, in percent of its length (at least a sliver, so a short gap shows). */
export function gapPlacement(period: { start: string; end: string }, gap: Pick<CoverageGap, 'start' | 'end'>): { left: number; width: number } {
  const s = Date.parse(period.start)
  const span = Math.max(1, Date.parse(period.end) - s)
  const left = Math.min(100, Math.max(0, ((Date.parse(gap.start) - s) / span) * 100))
  const right = Math.min(100, Math.max(0, ((Date.parse(gap.end) - s) / span) * 100))
  return { left, width: Math.max(0.4, right - left) }
}

/**
 * How complete the stream was: a bar along the period with each gap marked
 * where it falls, the percentage in words, and the gaps as a table.
 */
export function CoverageBar({ period, coverage }: { period: EvidenceReport['period']; coverage: EvidenceReport['coverage'] }) {
  const missing = coverage.expected_minutes - coverage.covered_minutes
  return (
    <div class="coverage">
      <p>
        <strong>{coverage.pct}% covered</strong>: {fmt(coverage.covered_minutes)} of {fmt(coverage.expected_minutes)} expected minutes
        {coverage.gaps.length === 0 ? ', no gap' : `; ${coverage.gaps.length} gap${coverage.gaps.length === 1 ? '' : 's'} of ${coverage.gap_threshold_minutes} minutes or more (${fmt(missing)} minutes in all)`}.
      </p>
      <div class="coverage-bar" role="img" aria-label={`Coverage ${coverage.pct}% over the period, ${coverage.gaps.length} gap${coverage.gaps.length === 1 ? '' : 's'}`}>
        {coverage.gaps.map((g, i) => {
          const { left, width } = gapPlacement(period, g)
          return <span key={i} class="coverage-gap" style={{ left: `${left}%`, width: `${width}%` }} title={`${g.cluster}: ${g.minutes} minutes without events`} />
        })}
      </div>
      <p class="coverage-axis muted" aria-hidden="true">
        <span>{period.start.slice(0, 10)}</span>
        <span>{period.end.slice(0, 10)}</span>
      </p>
      <p class="muted">
        In the period: {plural(coverage.dead_letters, 'dead letter')}, {plural(coverage.rejected_at_ingest, 'event')} refused at ingest, {plural(coverage.dedup_drops, 'duplicate')} dropped.
      </p>
      {coverage.gaps.length === 0 ? null : (
        <details>
          <summary>The {coverage.gaps.length} gaps</summary>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Gaps">
            <table>
              <caption class="sr-only">Gaps in the stream</caption>
              <thead>
                <tr>
                  <th scope="col">Cluster</th>
                  <th scope="col">API server</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Minutes</th>
                </tr>
              </thead>
              <tbody>
                {coverage.gaps.map((g, i) => (
                  <tr key={i}>
                    <td>{g.cluster}</td>
                    <td>{g.apiserver ?? <span class="muted">unknown</span>}</td>
                    <td>
                      <Time iso={g.start} />
                    </td>
                    <td>
                      <Time iso={g.end} />
                    </td>
                    <td>{fmt(g.minutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </div>
  )
}
