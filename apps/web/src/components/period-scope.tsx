import { useState } from 'preact/hooks'
import { periodLabel, quarterOf, type PeriodInput } from '../lib/compliance'
import { useSession } from '../lib/session'

/**
 * The period (UTC days, end exclusive) and cluster scope a compliance page
 * shows; changes go into the URL, so a link opens the same view.
 */
export function PeriodScope({ period, clusters, onChange, now = new Date() }: { period: PeriodInput; clusters: readonly string[]; onChange: (period: PeriodInput, clusters: string[]) => void; now?: Date }) {
  const { who } = useSession()
  const [start, setStart] = useState(period.start)
  const [endInclusive, setEnd] = useState(new Date(Date.parse(`${period.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10))
  const [cluster, setCluster] = useState(clusters.join(','))
  const presets: [string, PeriodInput][] = [
    ['This quarter', quarterOf(now)],
    ['Last quarter', quarterOf(now, -1)],
  ]
  const apply = (event: Event) => {
    event.preventDefault()
    if (start === '' || endInclusive === '' || start > endInclusive) return
    const end = new Date(Date.parse(`${endInclusive}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    onChange({ start, end, asOf: period.asOf }, cluster === '' ? [] : cluster.split(','))
  }
  return (
    <form class="period-scope card" onSubmit={apply} aria-label="Period and scope">
      <label>
        From (UTC)
        <input type="date" value={start} required onInput={(e) => setStart((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        To, inclusive (UTC)
        <input type="date" value={endInclusive} required min={start} onInput={(e) => setEnd((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Clusters
        {who.clusters === null ? (
          <input type="text" value={cluster} placeholder="all" onInput={(e) => setCluster((e.target as HTMLInputElement).value.replace(/\s+/g, ''))} />
        ) : (
          <select value={cluster} onChange={(e) => setCluster((e.target as HTMLSelectElement).value)}>
            <option value="">All of mine ({who.clusters.join(', ')})</option>
            {who.clusters.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </label>
      <div class="period-actions">
        <button type="submit">Show</button>
        {presets.map(([label, p]) => (
          <button key={label} type="button" aria-pressed={p.start === period.start && p.end === period.end} onClick={() => onChange(p, cluster === '' ? [] : cluster.split(','))}>
            {label} <span class="muted">({periodLabel(p)})</span>
          </button>
        ))}
      </div>
    </form>
  )
}
