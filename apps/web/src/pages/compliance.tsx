import { useEffect } from 'preact/hooks'
import type { Framework } from '../api/evidence-types'
import { FailureView } from '../components/failure-view'
import { HeatMap, StatusLegend, type HeatMapRow } from '../components/heat-map'
import { PeriodScope } from '../components/period-scope'
import { Time } from '../components/time'
import { clustersFromQuery, FRAMEWORKS, periodFromQuery, periodLabel, scopeQuery, STATUS, STATUSES } from '../lib/compliance'
import { navigate, type Location } from '../lib/router'
import { useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'
import '../compliance.css'

/**
 * Compliance: every control of SOC 2, HIPAA and GDPR for a period and scope,
 * as a heat map of statuses (GET /v1/frameworks/{framework}/summary, one
 * call per framework). A tile opens the control's report.
 */
export function CompliancePage({ location }: { location: Location }) {
  const session = useSession()
  const period = periodFromQuery(location.query, new Date())
  const clusters = clustersFromQuery(location.query)
  const only = location.query.get('framework')
  const frameworks = FRAMEWORKS.filter((f) => only === null || f.id === only)
  useEffect(() => {
    document.title = 'Compliance · vigil'
  }, [])
  const key = `${period.start}|${period.end}|${period.asOf ?? ''}|${clusters.join(',')}|${only ?? ''}`
  const summaries = useAsync(
    () =>
      Promise.all(
        frameworks.map((f) =>
          session.call((api) =>
            api.GET('/v1/frameworks/{framework}/summary', { params: { path: { framework: f.id }, query: { start: period.start, end: period.end, ...(period.asOf === undefined ? {} : { as_of: period.asOf }), ...(clusters.length > 0 ? { cluster: clusters } : {}) } } }),
          ),
        ),
      ),
    [key],
  )
  const go = (p: typeof period, c: readonly string[]) => navigate(`/compliance?${scopeQuery(p, c, only === null ? {} : { framework: only })}`)
  const hrefOf = (framework: Framework, control: string) => `/compliance/${framework}/${encodeURIComponent(control)}?${scopeQuery(period, clusters)}`

  let body: preact.ComponentChildren
  if (summaries.status === 'loading') body = <p aria-busy="true">Assessing every control for {periodLabel(period)}…</p>
  else if (summaries.status === 'failed') body = <FailureView error={summaries.error} what="read the framework summaries" role={session.who.role} onRetry={summaries.retry} />
  else {
    const rows: HeatMapRow[] = summaries.value.map((s) => ({ framework: s.framework as Framework, controls: s.controls }))
    const all = rows.flatMap((r) => r.controls)
    const first = summaries.value[0]
    body = (
      <>
        <p class="status-totals" role="status">
          {all.length} controls:{' '}
          {STATUSES.filter((s) => all.some((c) => c.status === s))
            .map((s) => `${all.filter((c) => c.status === s).length} ${STATUS[s].label.toLowerCase()}`)
            .join(', ')}
          .
        </p>
        {first === undefined ? null : (
          <p class="muted">
            Clusters: {first.scope.clusters.length === 0 ? 'none has sent events' : first.scope.clusters.join(', ')}. As of <Time iso={first.as_of} />. {first.disclaimer}
          </p>
        )}
        <HeatMap rows={rows} hrefOf={hrefOf} />
      </>
    )
  }
  return (
    <main id="main" class="page compliance-page">
      <div class="page-head">
        <h1>Compliance</h1>
        <p class="muted">
          {frameworks.map((f) => f.name).join(', ')} · {periodLabel(period)}{period.asOf === undefined ? '' : ` as of ${period.asOf}`} · {clusters.length === 0 ? 'every cluster you may see' : clusters.join(', ')}
        </p>
      </div>
      <PeriodScope key={key} period={period} clusters={clusters} onChange={go} />
      <StatusLegend />
      {body}
    </main>
  )
}
