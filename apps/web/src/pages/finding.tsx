import { useEffect } from 'preact/hooks'
import type { EventSummary, Finding } from '../api/client'
import { FailureView } from '../components/failure-view'
import { Link } from '../components/link'
import { RawEvent } from '../components/raw-event'
import { SeverityBadge } from '../components/severity-badge'
import { Time } from '../components/time'
import { TriagePanel } from '../components/triage-panel'
import { useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'

/** How far either side of the finding the user's activity is shown. */
const TIMELINE_WINDOW_MS = 30 * 60_000

const FRAMEWORK: Record<string, string> = { soc2: 'SOC 2', hipaa: 'HIPAA', gdpr: 'GDPR' }

function Facts({ f }: { f: Finding }) {
  const rows: [string, preact.ComponentChildren][] = [
    ['When', <Time iso={f.event_time} />],
    ['User', f.user],
    ['Verb', f.verb],
    ['Resource', `${f.resource}${f.name === '' ? '' : `/${f.name}`}`],
    ['Namespace', f.namespace === '' ? '(cluster-wide)' : f.namespace],
    ['Cluster', f.cluster],
    ['Rule', `${f.rule_id} (version ${f.rule_version})`],
    ['Audit id', `${f.audit_id} (${f.stage})`],
  ]
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence)
  if (entries.length === 0) return <p class="muted">The rule recorded no fields.</p>
  return (
    <table class="evidence">
      <caption class="sr-only">Fields the rule read, with their values</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" class="mono">
              {k}
            </th>
            <td class="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Timeline({ finding }: { finding: Finding }) {
  const session = useSession()
  const t = new Date(finding.event_time).getTime()
  const from = new Date(t - TIMELINE_WINDOW_MS).toISOString()
  const to = new Date(t + TIMELINE_WINDOW_MS).toISOString()
  const events = useAsync(
    () => session.call((api) => api.GET('/v1/events', { params: { query: { user: finding.user, cluster: [finding.cluster], from, to, limit: 200 } } })),
    [finding.finding_id],
  )
  if (events.status === 'loading') return <p aria-busy="true">Loading activity…</p>
  if (events.status === 'failed') return <FailureView error={events.error} what="read this user's activity" role={session.who.role} onRetry={events.retry} />
  const items: EventSummary[] = [...events.value.items].reverse()
  return (
    <>
      <p class="muted">
        What <strong>{finding.user}</strong> did on {finding.cluster} from <Time iso={from} /> to <Time iso={to} />
        {events.value.next_cursor !== null ? ' (the 200 most recent)' : ''}.
      </p>
      <ol class="timeline">
        {items.map((e) => {
          const self = e.audit_id === finding.audit_id
          return (
            <li key={`${e.audit_id}/${e.stage}`} class={self ? 'tl-self' : undefined} aria-current={self ? 'true' : undefined}>
              <Time iso={e.request_received_at} />
              <span class="tl-what">
                <strong>{e.verb}</strong> {e.resource}
                {e.subresource === '' ? '' : `/${e.subresource}`} {e.namespace === '' ? '' : `${e.namespace}/`}
                {e.name}
              </span>
              <span class={`code ${e.response_code >= 400 ? 'code-bad' : ''}`}>{e.response_code}</span>
              {self ? <span class="tag">this finding</span> : null}
            </li>
          )
        })}
      </ol>
    </>
  )
}

/** The rule's description, from GET /v1/rules/{id}, with a link to the rule's page. */
function RuleDescription({ ruleId }: { ruleId: string }) {
  const session = useSession()
  const rule = useAsync(() => session.call((api) => api.GET('/v1/rules/{id}', { params: { path: { id: ruleId } } })), [ruleId])
  if (rule.status === 'loading') return <p aria-busy="true" class="muted">Loading the rule…</p>
  if (rule.status === 'failed') return <p class="muted">The rule <Link href={`/rules/${encodeURIComponent(ruleId)}`}>{ruleId}</Link> could not be read.</p>
  return (
    <p class="rule-description">
      <Link href={`/rules/${encodeURIComponent(ruleId)}`}>{rule.value.title}</Link> ({ruleId}, version {rule.value.version}): {rule.value.description}
    </p>
  )
}

export function FindingPage({ id }: { id: string }) {
  const session = useSession()
  const result = useAsync(() => session.call((api) => api.GET('/v1/findings/{id}', { params: { path: { id } } })), [id])
  useEffect(() => {
    document.title = result.status === 'done' ? `${result.value.finding.title} · vigil` : 'Finding · vigil'
  }, [result.status])

  if (result.status === 'loading')
    return (
      <main id="main" class="page" aria-busy="true">
        <p>Loading finding…</p>
      </main>
    )
  if (result.status === 'failed')
    return (
      <main id="main" class="page">
        <p>
          <Link href="/findings">← All findings</Link>
        </p>
        <FailureView error={result.error} what="open this finding" role={session.who.role} onRetry={result.retry} />
      </main>
    )
  const { finding: f, event } = result.value
  return (
    <main id="main" class="page finding-page">
      <p class="crumbs">
        <Link href="/findings">← All findings</Link>
      </p>
      <header class="finding-head">
        <SeverityBadge severity={f.severity} />
        <h1>{f.title}</h1>
      </header>
      <section aria-labelledby="triage">
        <h2 id="triage">Triage</h2>
        <TriagePanel findingId={f.finding_id} severity={f.severity} />
      </section>
      <section aria-labelledby="why">
        <h2 id="why">Why it fired</h2>
        <p class="reason">{f.reason}</p>
        {f.output !== '' ? <p class="output mono">{f.output}</p> : null}
        <RuleDescription ruleId={f.rule_id} />
        <Facts f={f} />
      </section>
      <section aria-labelledby="evidence">
        <h2 id="evidence">Evidence</h2>
        <Evidence evidence={f.evidence} />
      </section>
      <section aria-labelledby="controls">
        <h2 id="controls">Controls</h2>
        {f.controls.length === 0 ? (
          <p class="muted">This rule maps to no control.</p>
        ) : (
          <ul class="controls">
            {f.controls.map((c) => (
              <li key={`${c.framework}/${c.id}/${c.role}`}>
                <strong>{FRAMEWORK[c.framework] ?? c.framework}</strong> <span class="mono">{c.id}</span> <span class="tag">{c.role}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="raw">
        <h2 id="raw">Raw event</h2>
        {event === null || event === undefined ? (
          <p class="muted">The raw event is no longer stored (retention removed it).</p>
        ) : (
          <>
            <p class="muted">
              Fields the rule read are marked <span class="matched-tag">matched</span>.
            </p>
            <RawEvent event={event} highlight={Object.keys(f.evidence)} />
          </>
        )}
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Activity around it</h2>
        <Timeline finding={f} />
      </section>
    </main>
  )
}
