import { useEffect, useMemo, useState } from 'preact/hooks'
import { FailureView } from '../components/failure-view'
import { FindingsTable } from '../components/findings-table'
import { BulkTriage } from '../components/bulk-triage'
import { apiQuery, filtersFromQuery, queryFromFilters, type FindingFilters } from '../lib/finding-filters'
import { navigate, type Location } from '../lib/router'
import { may, useSession } from '../lib/session'
import { SEVERITIES, SEVERITY_MARK } from '../lib/severity'
import { DEFAULT_SORT, formatSort, parseSort, sortFindings, SORT_KEYS, type SortKey } from '../lib/sort-findings'
import { useFindingPages } from '../lib/use-finding-pages'
import { useMedia } from '../lib/use-media'

const SINCE_LABEL: [string, string][] = [
  ['', 'All time'],
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
]

function FilterForm({ filters, scoped, onApply }: { filters: FindingFilters; scoped: string[] | null; onApply: (f: FindingFilters) => void }) {
  const [draft, setDraft] = useState(filters)
  useEffect(() => setDraft(filters), [filters])
  const text = (key: 'rule_id' | 'namespace' | 'user' | 'cluster', label: string, placeholder: string) => (
    <div class="field">
      <label for={`f-${key}`}>{label}</label>
      <input id={`f-${key}`} type="search" value={draft[key]} placeholder={placeholder} onInput={(e) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value })} />
    </div>
  )
  const toggle = (s: (typeof SEVERITIES)[number]) => {
    const next = draft.severity.includes(s) ? draft.severity.filter((x) => x !== s) : [...draft.severity, s]
    const f = { ...draft, severity: SEVERITIES.filter((x) => next.includes(x)) }
    setDraft(f)
    onApply(f)
  }
  return (
    <form
      class="filters"
      aria-label="Filter findings"
      onSubmit={(e) => {
        e.preventDefault()
        onApply(draft)
      }}
    >
      <fieldset class="sev-filter">
        <legend>Severity</legend>
        {SEVERITIES.map((s) => (
          <label key={s} class={`chip sev-${s}`}>
            <input type="checkbox" checked={draft.severity.includes(s)} onChange={() => toggle(s)} />
            <span aria-hidden="true">{SEVERITY_MARK[s]}</span> {s}
          </label>
        ))}
      </fieldset>
      {text('rule_id', 'Rule id', 'any')}
      {scoped === null ? (
        text('cluster', 'Cluster', 'any')
      ) : (
        <div class="field">
          <label for="f-cluster">Cluster</label>
          <select id="f-cluster" value={draft.cluster} onChange={(e) => onApply({ ...draft, cluster: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">All of mine ({scoped.join(', ')})</option>
            {scoped.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      )}
      {text('namespace', 'Namespace', 'any')}
      {text('user', 'User', 'any')}
      <div class="field">
        <label for="f-since">Age</label>
        <select id="f-since" value={draft.since} onChange={(e) => onApply({ ...draft, since: (e.currentTarget as HTMLSelectElement).value })}>
          {SINCE_LABEL.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Apply
        </button>
        <button type="button" onClick={() => onApply({ severity: [], rule_id: '', cluster: '', namespace: '', user: '', since: '' })}>
          Clear
        </button>
      </div>
    </form>
  )
}

function activeFilters(f: FindingFilters): number {
  return (f.severity.length > 0 ? 1 : 0) + (['rule_id', 'cluster', 'namespace', 'user', 'since'] as const).filter((k) => f[k] !== '').length
}

function countLabel(n: number, complete: boolean, loading: boolean): string {
  if (n === 0 && !complete) return loading ? 'Loading…' : ''
  const count = `${n.toLocaleString()} ${complete ? (n === 1 ? 'finding' : 'findings') : 'loaded, more to come'}`
  return loading ? `${count} · loading…` : count
}

export function FindingsPage({ location }: { location: Location }) {
  const session = useSession()
  const filters = useMemo(() => filtersFromQuery(location.query), [location.query.toString()])
  const sort = parseSort(location.query.get('sort'))
  const queryKey = queryFromFilters(filters, undefined)
  // `since` is relative: fixed when the filters change, not on every render.
  const query = useMemo(() => apiQuery(filters, Date.now()), [queryKey])
  const pages = useFindingPages(session, query, queryKey)
  const sorted = useMemo(() => sortFindings(pages.items, sort), [pages.items, sort.key, sort.dir])
  const narrow = useMedia('(max-width: 720px)')
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(t)
  }, [])

  const go = (f: FindingFilters, s = sort) => navigate(`/findings${queryFromFilters(f, s.key === DEFAULT_SORT.key && s.dir === DEFAULT_SORT.dir ? undefined : formatSort(s))}`)
  const onSort = (key: SortKey) => go(filters, { key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' })
  const reordered = sort.key !== DEFAULT_SORT.key || sort.dir !== DEFAULT_SORT.dir

  useEffect(() => {
    document.title = 'Findings · vigil'
  }, [])

  return (
    <main id="main" class="page findings-page">
      <div class="page-head">
        <h1>Findings</h1>
        <p class="count" role="status" aria-live="polite">
          {countLabel(pages.items.length, pages.complete, pages.loading)}
        </p>
      </div>
      {narrow ? (
        // On a phone the list comes first; the filters fold away, saying how many are set.
        <details class="filters-fold">
          <summary>
            Filters{activeFilters(filters) === 0 ? '' : ` · ${activeFilters(filters)} set`}
          </summary>
          <FilterForm filters={filters} scoped={session.who.clusters} onApply={(f) => go(f)} />
        </details>
      ) : (
        <FilterForm filters={filters} scoped={session.who.clusters} onApply={(f) => go(f)} />
      )}
      {may(session.who.role, 'bulkTriage') ? <BulkTriage filters={filters} /> : null}
      <div class="sort-bar">
        <label for="sort-key">Sort by</label>
        <select id="sort-key" value={formatSort(sort)} onChange={(e) => go(filters, parseSort((e.currentTarget as HTMLSelectElement).value))}>
          {SORT_KEYS.flatMap((k) => [
            <option key={`${k}:asc`} value={`${k}:asc`}>
              {k === 'age' ? 'newest first' : k === 'severity' ? 'severity, lowest first' : `${k}, A to Z`}
            </option>,
            <option key={`${k}:desc`} value={`${k}:desc`}>
              {k === 'age' ? 'oldest first' : k === 'severity' ? 'severity, highest first' : `${k}, Z to A`}
            </option>,
          ])}
        </select>
        {reordered && !pages.complete ? (
          <p class="hint">
            Sorted among the {pages.items.length.toLocaleString()} findings loaded so far.{' '}
            <button type="button" class="link" onClick={pages.loadAll}>
              Load all to sort everything
            </button>
          </p>
        ) : null}
      </div>
      {pages.error !== undefined ? <FailureView error={pages.error} what="list findings" role={session.who.role} onRetry={pages.retry} /> : null}
      {pages.items.length === 0 && pages.error !== undefined ? null : pages.items.length === 0 && pages.complete ? (
        <p class="empty">No findings match these filters.</p>
      ) : (
        <FindingsTable findings={sorted} sort={sort} onSort={onSort} onNearEnd={pages.complete ? undefined : pages.loadMore} rowHeight={narrow ? 84 : 52} now={now} />
      )}
    </main>
  )
}
