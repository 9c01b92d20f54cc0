import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiFailure, type DeadLetter } from '../api/client'
import { FailureView } from '../components/failure-view'
import { Time } from '../components/time'
import { parsePrometheus, sumBy, total, type Sample } from '../lib/prometheus'
import { ROUTE_ROLES } from '../api/roles'
import { may, useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'

const POLL_MS = 5_000

interface Scrape {
  at: number
  samples: Sample[]
}

async function scrape(): Promise<Scrape> {
  let res: Response
  try {
    res = await fetch('/metrics')
  } catch {
    throw new ApiFailure('network', 'The vigil API could not be reached.', undefined, undefined)
  }
  if (!res.ok) throw new ApiFailure(res.status === 503 ? 'unavailable' : 'server', `GET /metrics answered ${res.status}`, res.status, undefined)
  return { at: Date.now(), samples: parsePrometheus(await res.text()) }
}

/** /metrics, read every few seconds; the last two reads give rates. */
function useScrapes(): { last: Scrape | undefined; previous: Scrape | undefined; error: unknown; retry: () => void } {
  const [state, setState] = useState<{ last?: Scrape; previous?: Scrape; error?: unknown }>({})
  const [attempt, setAttempt] = useState(0)
  const latest = useRef<Scrape | undefined>(undefined)
  useEffect(() => {
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = () => {
      scrape().then(
        (s) => {
          if (!live) return
          setState({ previous: latest.current, last: s })
          latest.current = s
          timer = setTimeout(tick, POLL_MS)
        },
        (error: unknown) => live && setState((prev) => ({ ...prev, error })),
      )
    }
    tick()
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [attempt])
  return { last: state.last, previous: state.previous, error: state.error, retry: () => setAttempt((a) => a + 1) }
}

const fmt = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 1 })

function Counts({ title, values, empty }: { title: string; values: Map<string, number>; empty: string }) {
  const rows = [...values].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1])
  return (
    <div class="card stat-list">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <dl>
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k === '' ? '(none)' : k}</dt>
              <dd>{fmt(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  )
}

function LastEvent({ cluster }: { cluster: string }) {
  const session = useSession()
  const last = useAsync(() => session.call((api) => api.GET('/v1/events', { params: { query: { cluster: [cluster], limit: 1 } } })), [cluster])
  if (last.status === 'loading') return <span class="muted">…</span>
  if (last.status === 'failed') return <span class="muted">unknown ({last.error instanceof ApiFailure ? last.error.kind : 'error'})</span>
  const e = last.value.items[0]
  return e === undefined ? <span class="muted">none stored</span> : <Time iso={e.received_at} />
}

function Clusters({ last, previous }: { last: Scrape; previous: Scrape | undefined }) {
  const { who } = useSession()
  const received = sumBy(last.samples, 'vigil_events_received_total', 'cluster')
  const before = previous === undefined ? undefined : sumBy(previous.samples, 'vigil_events_received_total', 'cluster')
  const seconds = previous === undefined ? 0 : (last.at - previous.at) / 1000
  const names = [...new Set([...received.keys(), ...(who.clusters ?? [])])].filter((c) => c !== '' && (who.clusters === null || who.clusters.includes(c))).sort()
  if (names.length === 0) return <p class="muted">No cluster has sent events since vigil started.</p>
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">Ingest per cluster</caption>
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Events received</th>
            <th scope="col">Rate</th>
            <th scope="col">Last event stored</th>
          </tr>
        </thead>
        <tbody>
          {names.map((c) => {
            const n = received.get(c) ?? 0
            const rate = before === undefined || seconds <= 0 ? undefined : Math.max(0, n - (before.get(c) ?? 0)) / seconds
            return (
              <tr key={c}>
                <th scope="row">{c}</th>
                <td>{fmt(n)}</td>
                <td>{rate === undefined ? <span class="muted">measuring…</span> : `${fmt(rate)}/s`}</td>
                <td>
                  <LastEvent cluster={c} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function DeadLetters() {
  const session = useSession()
  const list = useAsync(() => session.call((api) => api.GET('/v1/dead-letters', { params: { query: { limit: 50 } } })), [])
  if (list.status === 'loading') return <p aria-busy="true">Loading dead letters…</p>
  if (list.status === 'failed') return <FailureView error={list.error} what="read dead letters" role={session.who.role} onRetry={list.retry} />
  if (list.value.items.length === 0) return <p class="muted">No dead letters: every payload was read as audit events.</p>
  return (
    <div class="table-wrap">
      <table class="dead-letters">
        <caption class="sr-only">The 50 most recent dead letters</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Cluster</th>
            <th scope="col">Reason</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {list.value.items.map((d: DeadLetter) => (
            <tr key={d.id}>
              <td>
                <Time iso={d.received_at} />
              </td>
              <td>{d.cluster}</td>
              <td class="mono">{d.reason}</td>
              <td>
                <details>
                  <summary>{d.detail}</summary>
                  <pre class="mono">{d.raw}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function HealthPage() {
  const session = useSession()
  const { last, previous, error, retry } = useScrapes()
  useEffect(() => {
    document.title = 'Health · vigil'
  }, [])
  return (
    <main id="main" class="page health-page">
      <div class="page-head">
        <h1>Health</h1>
        <p class="muted">
          From <a href="/metrics">/metrics</a>, read every {POLL_MS / 1000} s{last === undefined ? '' : <>; last read <Time iso={new Date(last.at).toISOString()} /></>}.
        </p>
      </div>
      {error !== undefined ? <FailureView error={error} what="read vigil's metrics" role={session.who.role} onRetry={retry} /> : null}
      {last === undefined ? (
        error === undefined ? <p aria-busy="true">Reading metrics…</p> : null
      ) : (
        <>
          <section aria-labelledby="ingest">
            <h2 id="ingest">Ingest per cluster</h2>
            <Clusters last={last} previous={previous} />
          </section>
          <section aria-labelledby="pipeline">
            <h2 id="pipeline">Pipeline</h2>
            <div class="stats">
              <div class="card stat">
                <h3>Batches in flight</h3>
                <p class="big">{fmt(total(last.samples, 'vigil_in_flight_batches'))}</p>
                <p class="muted">accepted, not yet durable: the embedded pipeline's lag</p>
              </div>
              <div class="card stat">
                <h3>Findings since start</h3>
                <p class="big">{fmt(total(last.samples, 'vigil_findings_total'))}</p>
              </div>
              <Counts title="Events evaluated" values={sumBy(last.samples, 'vigil_events_evaluated_total', 'outcome')} empty="None yet." />
              <Counts title="Events dropped" values={sumBy(last.samples, 'vigil_events_dropped_total', 'reason')} empty="None dropped." />
              <Counts title="Dead letters by reason" values={sumBy(last.samples, 'vigil_dead_letters_total', 'reason')} empty="None since start." />
              <Counts title="Requests refused" values={sumBy(last.samples, 'vigil_requests_rejected_total', 'code')} empty="None refused." />
            </div>
          </section>
        </>
      )}
      <section aria-labelledby="dead">
        <h2 id="dead">Dead letters</h2>
        {may(session.who.role, 'listDeadLetters') ? (
          <DeadLetters />
        ) : (
          <p class="notice">Your role ({session.who.role}) cannot read dead letters: they may hold raw payloads, so that needs a token with the role {ROUTE_ROLES.listDeadLetters.join(' or ')}.</p>
        )}
      </section>
    </main>
  )
}
