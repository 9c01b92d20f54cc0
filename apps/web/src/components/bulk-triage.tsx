import { useEffect, useState } from 'preact/hooks'
import type { BulkTriageBody, BulkTriageResult, Disposition, TransitionBody } from '../api/ops-types'
import { bulkFilter, bulkVerb } from '../lib/bulk-triage'
import type { FindingFilters } from '../lib/finding-filters'
import { useSession } from '../lib/session'
import { DISPOSITIONS, resolveBody } from '../lib/triage'
import { ActionError } from './action-error'
import './ops.css'

type Action = 'acknowledged' | 'resolved' | 'open'

/**
 * Triage every finding the list's current filter matches. The API is asked
 * for a dry run first; only the count it answers is offered for confirmation.
 */
export function BulkTriage({ filters, onApplied }: { filters: FindingFilters; onApplied?: () => void }) {
  const session = useSession()
  const [action, setAction] = useState<Action>('acknowledged')
  const [disposition, setDisposition] = useState<Disposition>('true_positive')
  const [reason, setReason] = useState('')
  const [ticket, setTicket] = useState('')
  const [expires, setExpires] = useState('')
  const [problem, setProblem] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [planned, setPlanned] = useState<{ body: BulkTriageBody; matched: number } | undefined>(undefined)
  const [result, setResult] = useState<BulkTriageResult | undefined>(undefined)
  // Any change to what would be sent makes the count stale.
  useEffect(() => setPlanned(undefined), [action, disposition, reason, ticket, expires, JSON.stringify(filters)])

  const body = (): { body: BulkTriageBody } | { problem: string } => {
    const f = bulkFilter(filters, Date.now())
    if ('problem' in f) return f
    let transition: TransitionBody
    if (action === 'resolved') {
      const r = resolveBody({ disposition, reason, ticket, expires }, new Date())
      if ('problem' in r) return r
      transition = r.body
    } else {
      if (reason.trim() === '') return { problem: 'Say why, in a few words.' }
      transition = { to: action, reason: reason.trim() }
    }
    return { body: { filter: f.filter, transition, dry_run: true, max: 10_000 } }
  }

  const count = async (e: Event) => {
    e.preventDefault()
    const b = body()
    if ('problem' in b) {
      setProblem(b.problem)
      return
    }
    setProblem('')
    setBusy(true)
    setError(undefined)
    setResult(undefined)
    try {
      const r = await session.call((api) => api.POST('/v1/findings/triage', { body: b.body }))
      setPlanned({ body: b.body, matched: r.matched })
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const apply = async () => {
    if (planned === undefined) return
    setBusy(true)
    setError(undefined)
    try {
      setResult(await session.call((api) => api.POST('/v1/findings/triage', { body: { ...planned.body, dry_run: false } })))
      setPlanned(undefined)
      onApplied?.()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <details class="bulk">
      <summary>Triage every finding this filter matches</summary>
      <form class="ops-form" aria-label="Bulk triage" onSubmit={count}>
        <label for="b-action">Action</label>
        <select id="b-action" value={action} onChange={(e) => setAction((e.currentTarget as HTMLSelectElement).value as Action)}>
          <option value="acknowledged">Acknowledge</option>
          <option value="resolved">Resolve</option>
          <option value="open">Reopen</option>
        </select>
        {action === 'resolved' ? (
          <>
            <label for="b-disposition">Disposition</label>
            <select id="b-disposition" value={disposition} onChange={(e) => setDisposition((e.currentTarget as HTMLSelectElement).value as Disposition)}>
              {DISPOSITIONS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
            <label for="b-ticket">Ticket or change reference{disposition === 'approved_change' ? '' : ' (optional)'}</label>
            <input id="b-ticket" type="text" value={ticket} onInput={(e) => setTicket((e.currentTarget as HTMLInputElement).value)} />
            {disposition === 'risk_accepted' ? (
              <>
                <label for="b-expires">Accepted until</label>
                <input id="b-expires" type="date" value={expires} onInput={(e) => setExpires((e.currentTarget as HTMLInputElement).value)} />
              </>
            ) : null}
            {disposition === 'false_positive' || disposition === 'risk_accepted' ? <p class="muted">High and critical findings get a four-eyes request instead: a second person approves each.</p> : null}
          </>
        ) : null}
        <label for="b-reason">Reason</label>
        <textarea id="b-reason" rows={2} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
        {problem !== '' ? (
          <p class="action-error" role="alert">
            {problem}
          </p>
        ) : null}
        <ActionError error={error} role={session.who.role} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Count matching findings
          </button>
        </div>
      </form>
      {planned !== undefined ? (
        <div class="bulk-confirm" role="status">
          <p>
            <strong>Dry run:</strong> the filter matches {planned.matched.toLocaleString()} {planned.matched === 1 ? 'finding' : 'findings'}. Findings whose state does not allow it are skipped.
          </p>
          {planned.matched > 0 ? (
            <button type="button" class="primary" disabled={busy} onClick={() => void apply()}>
              {bulkVerb(planned.body.transition)} {planned.matched.toLocaleString()} {planned.matched === 1 ? 'finding' : 'findings'}
            </button>
          ) : null}
        </div>
      ) : null}
      {result !== undefined ? (
        <div class="bulk-result" role="status">
          <p>
            <span aria-hidden="true">✓ </span>
            Applied to {result.applied.toLocaleString()} of {result.matched.toLocaleString()}
            {result.pending_approval > 0 ? `; ${result.pending_approval.toLocaleString()} wait for a second approver` : ''}
            {result.skipped.length > 0 ? `; ${result.skipped.length.toLocaleString()} skipped` : ''}.
          </p>
          {result.skipped.length > 0 ? (
            <details>
              <summary>Why they were skipped</summary>
              <ul>
                {result.skipped.slice(0, 50).map((s) => (
                  <li key={s.finding_id}>{s.reason}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </details>
  )
}
