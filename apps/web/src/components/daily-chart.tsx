import { useEffect, useRef, useState } from 'preact/hooks'

const fmt = (n: number) => n.toLocaleString('en')

/**
 * Counts per day as an SVG bar chart, with the same numbers as a table for
 * screen readers and for reading exact values. The chart library loads only
 * when this component first renders.
 */
export function DailyChart({ series, label }: { series: readonly { day: string; count: number }[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let undo: (() => void) | undefined
    let live = true
    import('./daily-bars').then(
      ({ drawDailyBars }) => {
        if (live && ref.current !== null) undo = drawDailyBars(ref.current, series)
      },
      () => live && setFailed(true),
    )
    return () => {
      live = false
      undo?.()
    }
  }, [series])
  const total = series.reduce((a, s) => a + s.count, 0)
  const busiest = series.reduce<{ day: string; count: number } | undefined>((a, s) => (a === undefined || s.count > a.count ? s : a), undefined)
  return (
    <figure class="daily-chart">
      <div ref={ref} class="chart-box" aria-hidden="true" />
      {failed ? <p class="notice">The chart could not be loaded; the numbers are in the table below.</p> : null}
      <figcaption>
        {label}: {fmt(total)} over {series.length} days{busiest !== undefined && busiest.count > 0 ? `, most on ${busiest.day} (${fmt(busiest.count)})` : ''}.
      </figcaption>
      <details>
        <summary>Counts per day</summary>
        <div class="table-wrap daily-table" tabIndex={0} role="region" aria-label={label}>
          <table>
            <caption class="sr-only">{label}</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Count</th>
              </tr>
            </thead>
            <tbody>
              {series
                .filter((s) => s.count > 0)
                .map((s) => (
                  <tr key={s.day}>
                    <td>{s.day}</td>
                    <td>{fmt(s.count)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}
