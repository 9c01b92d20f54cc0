import { useEffect, useState } from 'preact/hooks'
import type { RuleEntry } from '../api/evidence-types'
import { FailureView } from '../components/failure-view'
import { Link } from '../components/link'
import { PeriodScope } from '../components/period-scope'
import { SeverityBadge } from '../components/severity-badge'
import { clustersFromQuery, frameworkName, periodFromQuery, periodLabel, scopeQuery } from '../lib/compliance'
import { SEVERITIES } from '../lib/severity'
import { navigate, type Location } from '../lib/router'
import { useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'
import '../compliance.css'

const fmt = (n: number) => n.toLocaleString('en')
const json = (v: unknown) => JSON.stringify(v, null, 2)

/** A rule's declaration: controls, match, condition, exceptions, threshold and examples. */
export function RuleDetail({ rule }: { rule: RuleEntry }) {
  return (
    <div class="rule-detail">
      <p>{rule.description}</p>
      <dl class="rule-facts">
        <div>
          <dt>Pack</dt>
          <dd>{rule.pack}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{rule.version}</dd>
        </div>
        <div>
          <dt>Defined at</dt>
          <dd class="mono">{rule.source}</dd>
        </div>
        {rule.tags.length === 0 ? null : (
          <div>
            <dt>Tags</dt>
            <dd>{rule.tags.join(', ')}</dd>
          </div>
        )}
      </dl>
      <h3>Controls</h3>
      {rule.controls.length === 0 ? (
        <p class="muted">Maps to no control.</p>
      ) : (
        <ul class="controls">
          {rule.controls.map((c) => (
            <li key={`${c.framework}-${c.id}-${c.role}`}>
              {frameworkName(c.framework)} {c.id} <span class="tag">{c.role}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Match</h3>
      <pre class="code">{Object.keys(rule.match).length === 0 ? 'every request' : json(rule.match)}</pre>
      <h3>Condition</h3>
      <pre class="code">{rule.condition}</pre>
      {rule.metadata_condition === null ? null : (
        <>
          <h3>Condition for events without a body</h3>
          <pre class="code">{rule.metadata_condition}</pre>
        </>
      )}
      {rule.threshold === null ? null : (
        <p>
          Fires once {rule.threshold.count} matching events{rule.threshold.distinct === null ? '' : ` (distinct ${rule.threshold.distinct})`} are seen within {rule.threshold.window} per {rule.threshold.by.join(', ')}.
        </p>
      )}
      {rule.exceptions.length === 0 ? null : (
        <>
          <h3>Exceptions</h3>
          <ul>
            {rule.exceptions.map((e) => (
              <li key={e.name}>
                <strong>{e.name}</strong>: {e.reason} <span class="muted">(approved by {e.approver}{e.expires === null ? '' : `, until ${e.expires}`})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Examples</h3>
      <ul class="examples">
        {rule.examples.map((x) => (
          <li key={x.name}>
            <details>
              <summary>
                <span class={x.fires ? 'ex-fires' : 'ex-quiet'}>{x.fires ? '✓ fires' : '✕ does not fire'}</span> {x.name}
              </summary>
              <pre class="code">{json(x.events.length === 1 ? x.events[0] : x.events)}</pre>
            </details>
          </li>
        ))}
      </ul>
    </div>
  )
}

function RuleCard({ rule, query }: { rule: RuleEntry; query: string }) {
  return (
    <li class="rule card" id={rule.id}>
      <details>
        <summary>
          <SeverityBadge severity={rule.severity} /> <span class="mono rule-id">{rule.id}</span> <span class="rule-title">{rule.title}</span>
          <span class="fired">
            {rule.enabled ? '' : <span class="tag">off</span>}
            {rule.inert ? <span class="tag">inert</span> : null} fired <strong>{fmt(rule.fired)}</strong>
          </span>
        </summary>
        <RuleDetail rule={rule} />
        <p>
          <Link href={`/findings?rule_id=${encodeURIComponent(rule.id)}`}>Its findings</Link> · <Link href={`/rules/${encodeURIComponent(rule.id)}?${query}`}>Link to this rule</Link>
        </p>
      </details>
    </li>
  )
}

/** Every rule the analyzer loads (GET /v1/rules), with how often it fired in the period. */
export function RulesPage({ location }: { location: Location }) {
  const session = useSession()
  const period = periodFromQuery(location.query, new Date())
  const clusters = clustersFromQuery(location.query)
  const [text, setText] = useState(location.query.get('q') ?? '')
  const [pack, setPack] = useState(location.query.get('pack') ?? '')
  const [firedOnly, setFiredOnly] = useState(location.query.get('fired') === '1')
  useEffect(() => {
    document.title = 'Rules · vigil'
  }, [])
  const key = `${period.start}|${period.end}|${clusters.join(',')}`
  const list = useAsync(() => session.call((api) => api.GET('/v1/rules', { params: { query: { start: period.start, end: period.end, ...(clusters.length > 0 ? { cluster: clusters } : {}) } } })), [key])
  const query = scopeQuery(period, clusters)
  let body: preact.ComponentChildren
  if (list.status === 'loading') body = <p aria-busy="true">Loading the rules…</p>
  else if (list.status === 'failed') body = <FailureView error={list.error} what="list the rules" role={session.who.role} onRetry={list.retry} />
  else {
    const packs = [...new Set(list.value.items.map((r) => r.pack))].sort()
    const needle = text.trim().toLowerCase()
    const shown = list.value.items
      .filter((r) => (pack === '' || r.pack === pack) && (!firedOnly || r.fired > 0) && (needle === '' || `${r.id} ${r.title} ${r.description} ${r.tags.join(' ')} ${r.controls.map((c) => `${c.framework} ${c.id}`).join(' ')}`.toLowerCase().includes(needle)))
      .sort((a, b) => b.fired - a.fired || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id))
    const fired = list.value.items.filter((r) => r.fired > 0).length
    body = (
      <>
        <div class="rule-filters card">
          <label>
            Search
            <input type="search" value={text} placeholder="id, title, control, tag" onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Pack
            <select value={pack} onChange={(e) => setPack((e.target as HTMLSelectElement).value)}>
              <option value="">All packs</option>
              {packs.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input type="checkbox" checked={firedOnly} onChange={(e) => setFiredOnly((e.target as HTMLInputElement).checked)} /> Only rules that fired
          </label>
        </div>
        <p role="status">
          {shown.length} of {list.value.items.length} rules shown; {fired} fired in {periodLabel(period)}.
        </p>
        <ul class="rules">
          {shown.map((r) => (
            <RuleCard key={r.id} rule={r} query={query} />
          ))}
        </ul>
      </>
    )
  }
  return (
    <main id="main" class="page rules-page">
      <div class="page-head">
        <h1>Rules</h1>
        <p class="muted">Fired counts: {periodLabel(period)} · {clusters.length === 0 ? 'every cluster you may see' : clusters.join(', ')}</p>
      </div>
      <PeriodScope key={key} period={period} clusters={clusters} onChange={(p, c) => navigate(`/rules?${scopeQuery(p, c)}`)} />
      {body}
    </main>
  )
}

/** One rule (GET /v1/rules/{id}), all of it shown. */
export function RulePage({ id, location }: { id: string; location: Location }) {
  const session = useSession()
  const period = periodFromQuery(location.query, new Date())
  const clusters = clustersFromQuery(location.query)
  const rule = useAsync(() => session.call((api) => api.GET('/v1/rules/{id}', { params: { path: { id }, query: { start: period.start, end: period.end, ...(clusters.length > 0 ? { cluster: clusters } : {}) } } })), [id, period.start, period.end, clusters.join(',')])
  useEffect(() => {
    document.title = `${id} · vigil`
  }, [id])
  return (
    <main id="main" class="page rules-page">
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href={`/rules?${scopeQuery(period, clusters)}`}>Rules</Link> › <span class="mono">{id}</span>
      </nav>
      {rule.status === 'loading' ? <p aria-busy="true">Loading the rule…</p> : null}
      {rule.status === 'failed' ? <FailureView error={rule.error} what="read this rule" role={session.who.role} onRetry={rule.retry} /> : null}
      {rule.status === 'done' ? (
        <>
          <div class="page-head">
            <h1>{rule.value.title}</h1>
            <p>
              <SeverityBadge severity={rule.value.severity} /> <span class="mono">{rule.value.id}</span> · fired <strong>{fmt(rule.value.fired)}</strong> times in {periodLabel(period)} ·{' '}
              <Link href={`/findings?rule_id=${encodeURIComponent(rule.value.id)}`}>its findings</Link>
            </p>
          </div>
          <RuleDetail rule={rule.value} />
        </>
      ) : null}
    </main>
  )
}
