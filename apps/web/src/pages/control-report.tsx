import { useEffect, useRef, useState } from 'preact/hooks'
import type { EvidenceReport, Framework, ReportFormat } from '../api/evidence-types'
import { ApiFailure } from '../api/client'
import { AttestationsSection } from '../components/attestations-section'
import { CoverageBar } from '../components/coverage-bar'
import { DailyChart } from '../components/daily-chart'
import { FailureView } from '../components/failure-view'
import { Link } from '../components/link'
import { SamplesSection } from '../components/samples-section'
import { SeverityBadge } from '../components/severity-badge'
import { Time } from '../components/time'
import { clustersFromQuery, dailySeries, DISPOSITIONS, frameworkName, periodFromQuery, periodLabel, scopeQuery, STATUS, type PeriodInput } from '../lib/compliance'
import { filenameOf, saveBlob } from '../lib/download'
import type { Location } from '../lib/router'
import { useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'
import '../compliance.css'

const fmt = (n: number) => n.toLocaleString('en')

function StatusBox({ report }: { report: EvidenceReport }) {
  const s = STATUS[report.status]
  return (
    <section class={`status-box st-${report.status}`} aria-labelledby="status-h">
      <h2 id="status-h">
        <span aria-hidden="true" class="st-mark">
          {s.mark}
        </span>{' '}
        {s.label}
      </h2>
      <ul>
        {report.status_reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <p class="disclaimer">
        <strong>{report.disclaimer}</strong> Generated <Time iso={report.generated.at} /> by {report.generated.by}; rows stored after <Time iso={report.populations[0]?.snapshot.at ?? report.generated.at} /> are not counted.
      </p>
    </section>
  )
}

/** The population per day, from GET /v1/populations/daily: the report's own rows (same period, scope and snapshot), each event once. */
function PopulationOverTime({ report, period }: { report: EvidenceReport; period: PeriodInput }) {
  const session = useSession()
  const rules = report.populations.flatMap((p) => p.rule_ids)
  const asOf = report.populations[0]?.snapshot.at
  const counts = useAsync(
    () =>
      rules.length === 0
        ? Promise.resolve(undefined)
        : session.call((api) =>
            api.GET('/v1/populations/daily', {
              params: { query: { framework: report.framework, control: report.control.id, start: report.period.start, end: report.period.end, ...(report.scope.clusters.length > 0 ? { cluster: report.scope.clusters } : {}), ...(asOf === undefined ? {} : { as_of: asOf }) } },
            }),
          ),
    [report.id],
  )
  if (rules.length === 0) return <p class="muted">This control has no population rules: nothing is counted as positive evidence.</p>
  if (counts.status === 'loading') return <p aria-busy="true">Counting per day…</p>
  if (counts.status === 'failed') return <FailureView error={counts.error} what="count the population per day" role={session.who.role} onRetry={counts.retry} />
  return <DailyChart series={dailySeries(period, (counts.value?.days ?? []).map((d) => ({ key: d.day, count: d.count })))} label="Population events per day (each event once; they sum to the population's row count)" />
}

function Populations({ report, period }: { report: EvidenceReport; period: PeriodInput }) {
  return (
    <section aria-labelledby="pop-h">
      <h2 id="pop-h">Population</h2>
      {report.populations.map((p) => (
        <p key={p.name}>
          <strong>{fmt(p.row_count)}</strong> events matched by {p.rule_ids.map((r, i) => (
            <>
              {i === 0 ? '' : ', '}
              <Link href={`/rules/${encodeURIComponent(r)}`}>{r}</Link>
            </>
          ))}{' '}
          <span class="muted">
            (query <code title={p.query_sha256}>{p.query_sha256.slice(0, 12)}…</code>, result <code title={p.result_sha256}>{p.result_sha256.slice(0, 12)}…</code>)
          </span>
        </p>
      ))}
      <PopulationOverTime report={report} period={period} />
    </section>
  )
}

function Exceptions({ report }: { report: EvidenceReport }) {
  const e = report.exceptions
  const untriaged = e.items.filter((i) => i.disposition === null).length
  return (
    <section aria-labelledby="exc-h">
      <h2 id="exc-h">Exceptions</h2>
      <p>
        {fmt(e.total)} exception finding{e.total === 1 ? '' : 's'}: {fmt(e.open)} open or acknowledged, {fmt(e.over_sla)} over their SLA.
      </p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Exceptions by disposition">
        <table class="dispositions">
          <caption>By disposition</caption>
          <thead>
            <tr>
              <th scope="col">Disposition</th>
              <th scope="col">Findings</th>
            </tr>
          </thead>
          <tbody>
            {DISPOSITIONS.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.label}</th>
                <td>{fmt(e.by_disposition[d.id])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Not yet resolved</th>
              <td>{fmt(untriaged)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {e.items.length === 0 ? null : (
        <details>
          <summary>The {e.items.length} findings</summary>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Exception findings">
            <table>
              <caption class="sr-only">Exception findings, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Cluster</th>
                  <th scope="col">When</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {e.items.map((i) => (
                  <tr key={i.finding_id}>
                    <td>
                      <SeverityBadge severity={i.severity} />
                    </td>
                    <td>
                      <Link href={`/findings/${i.finding_id}`}>{i.rule_id}</Link>
                    </td>
                    <td>{i.cluster}</td>
                    <td>
                      <Time iso={i.event_time} />
                    </td>
                    <td>
                      {i.state}
                      {i.disposition === null ? '' : ` (${i.disposition.replace('_', ' ')})`}
                      {i.over_sla ? <span class="tag">over SLA</span> : null}
                      {i.pending_approval ? <span class="tag">awaiting approval</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  )
}

/** A rendering of the report, or its signed evidence bundle (a ZIP, once a ledger checkpoint covers the report). */
type Export = ReportFormat | 'bundle'

const FORMATS: { format: Export; label: string }[] = [
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'pdf', label: 'PDF' },
  { format: 'oscal', label: 'OSCAL' },
  { format: 'bundle', label: 'Bundle (ZIP)' },
]

function Exports({ report }: { report: EvidenceReport }) {
  const session = useSession()
  const [state, setState] = useState<{ busy?: Export; saved?: string; error?: unknown }>({})
  const save = async (format: Export) => {
    setState({ busy: format })
    try {
      let disposition: string | null = null
      const blob = await session.call(async (api) => {
        const r =
          format === 'bundle'
            ? await api.GET('/v1/reports/{id}/bundle', { params: { path: { id: report.id } }, parseAs: 'blob' })
            : await api.GET('/v1/reports/{id}', { params: { path: { id: report.id }, query: { format } }, parseAs: 'blob' })
        disposition = r.response.headers.get('content-disposition')
        return r
      })
      const name = filenameOf(disposition, `${report.id}.${format === 'bundle' ? 'zip' : format}`)
      saveBlob(blob as unknown as Blob, name)
      setState({ saved: name })
    } catch (error) {
      setState({ error })
    }
  }
  return (
    <section aria-labelledby="exp-h">
      <h2 id="exp-h">Export</h2>
      <div class="exports">
        {FORMATS.map((f) => (
          <button key={f.format} type="button" onClick={() => void save(f.format)} disabled={state.busy !== undefined} aria-busy={state.busy === f.format}>
            {f.label}
          </button>
        ))}
      </div>
      <p role="status" class="muted">
        {state.busy !== undefined ? `Preparing ${state.busy.toUpperCase()}…` : state.saved !== undefined ? `Saved ${state.saved}.` : `Report ${report.id}; the ETag of each download is the SHA-256 of its bytes.`}
      </p>
      {state.error !== undefined ? <FailureView error={state.error} what="export the report" role={session.who.role} /> : null}
    </section>
  )
}

/**
 * One control's evidence report for a period and scope (POST /v1/reports):
 * status and why, coverage and gaps, the population over time, exceptions by
 * disposition, samples, attestations, and the exports.
 */
export function ControlReportPage({ framework, control, location }: { framework: string; control: string; location: Location }) {
  const session = useSession()
  const period = periodFromQuery(location.query, new Date())
  const clusters = clustersFromQuery(location.query)
  const [version, setVersion] = useState(0)
  useEffect(() => {
    document.title = `${framework.toUpperCase()} ${control} · vigil`
  }, [framework, control])
  const report = useAsync(
    () => session.call((api) => api.POST('/v1/reports', { body: { framework, control, start: period.start, end: period.end, ...(period.asOf === undefined ? {} : { as_of: period.asOf }), ...(clusters.length > 0 ? { clusters } : {}) } })),
    [framework, control, period.start, period.end, period.asOf, clusters.join(','), version],
  )
  const back = `/compliance?${scopeQuery(period, clusters)}`
  // After a signature or a draw the report is built again; the page keeps showing the last one
  // meanwhile, so the forms and their confirmations stay where they are.
  const scopeKey = `${framework}|${control}|${period.start}|${period.end}|${period.asOf ?? ''}|${clusters.join(',')}`
  const last = useRef<{ key: string; report: EvidenceReport } | undefined>(undefined)
  if (report.status === 'done') last.current = { key: scopeKey, report: report.value }
  const shown = report.status === 'done' ? report.value : report.status === 'loading' && last.current?.key === scopeKey ? last.current.report : undefined
  let body: preact.ComponentChildren
  if (shown !== undefined) {
    const r = shown
    body = (
      <>
        <p class="muted control-summary">{r.control.summary}</p>
        <StatusBox report={r} />
        <section aria-labelledby="cov-h">
          <h2 id="cov-h">Coverage</h2>
          <CoverageBar period={r.period} coverage={r.coverage} />
        </section>
        <Populations report={r} period={period} />
        <Exceptions report={r} />
        <SamplesSection report={r} period={period} clusters={clusters} onDrawn={() => setVersion((v) => v + 1)} />
        <AttestationsSection report={r} period={period} clusters={clusters} onSigned={() => setVersion((v) => v + 1)} />
        <Exports report={r} />
      </>
    )
  } else if (report.status === 'failed') {
    body = <FailureView error={report.error} what="build this control's report" role={session.who.role} onRetry={report.retry} />
    if (report.error instanceof ApiFailure && report.error.kind === 'not_found') body = <>{body}<p><Link href={back}>Back to the heat map</Link></p></>
  } else body = <p aria-busy="true">Building the report…</p>
  const title = shown?.control.title ?? ''
  return (
    <main id="main" class="page report-page">
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href={back}>Compliance</Link> › {frameworkName(framework as Framework)}
      </nav>
      <div class="page-head">
        <h1>
          {frameworkName(framework as Framework)} {control}
          {title === '' ? '' : `: ${title}`}
        </h1>
        <p class="muted">
          {periodLabel(period)}{period.asOf === undefined ? '' : ` as of ${period.asOf}`} · {shown !== undefined ? (shown.scope.clusters.length === 0 ? 'no cluster' : shown.scope.clusters.join(', ')) : clusters.join(', ') || 'every cluster you may see'}
        </p>
      </div>
      {body}
    </main>
  )
}
