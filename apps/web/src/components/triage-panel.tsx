import { useEffect, useState } from 'preact/hooks'
import type { Severity } from '../api/client'
import type { TransitionBody, TriageView } from '../api/ops-types'
import { may, useSession } from '../lib/session'
import { actorName, DISPOSITION_LABEL, DISPOSITIONS, needsFourEyes, resolveBody, STATE_LABEL, triageActions, type ResolveDraft } from '../lib/triage'
import { useAsync } from '../lib/use-async'
import { ActionError } from './action-error'
import { FailureView } from './failure-view'
import { Time } from './time'
import { TriageHistory } from './triage-history'
import './ops.css'

type Mode = 'idle' | 'resolve' | 'reopen' | 'decide'

const ACK_REASON = 'Acknowledged in the console: looking into it.'

function StateLine({ view }: { view: TriageView }) {
  return (
    <p class="triage-state">
      <span class={`state-badge state-${view.state}`}>
        <span aria-hidden="true">{view.state === 'resolved' ? '✓ ' : view.state === 'acknowledged' ? '◐ ' : '○ '}</span>
        {STATE_LABEL[view.state]}
        {view.disposition !== null ? `: ${DISPOSITION_LABEL[view.disposition]}` : ''}
      </span>
      {view.expired ? <span class="tag">risk acceptance lapsed</span> : null}
      {view.sla_due_at !== null && view.state !== 'resolved' ? (
        <span class={view.over_sla ? 'sla sla-over' : 'sla'}>
          {view.over_sla ? '⚠ Over SLA: was due ' : 'Due '}
          <Time iso={view.sla_due_at} />
        </span>
      ) : null}
    </p>
  )
}

function ResolveForm({ severity, busy, onSubmit, onCancel }: { severity: Severity; busy: boolean; onSubmit: (body: TransitionBody) => void; onCancel: () => void }) {
  const [d, setD] = useState<ResolveDraft>({ disposition: 'true_positive', reason: '', ticket: '', expires: '' })
  const [problem, setProblem] = useState<{ problem: string; field: string } | undefined>(undefined)
  const fourEyes = needsFourEyes(severity, d.disposition)
  const set = (patch: Partial<ResolveDraft>) => setD({ ...d, ...patch })
  return (
    <form
      class="triage-form"
      aria-label="Resolve this finding"
      onSubmit={(e) => {
        e.preventDefault()
        const r = resolveBody(d, new Date())
        if ('problem' in r) setProblem(r)
        else {
          setProblem(undefined)
          onSubmit(r.body)
        }
      }}
    >
      <fieldset>
        <legend>Disposition</legend>
        {DISPOSITIONS.map((o) => (
          <label key={o.value} class="radio">
            <input type="radio" name="disposition" value={o.value} checked={d.disposition === o.value} onChange={() => set({ disposition: o.value })} />
            <span>
              <strong>{o.label}</strong> <span class="muted">{o.help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label for="t-reason">Reason</label>
      <textarea id="t-reason" rows={2} value={d.reason} aria-invalid={problem?.field === 'reason'} onInput={(e) => set({ reason: (e.currentTarget as HTMLTextAreaElement).value })} />
      <label for="t-ticket">Ticket or change reference{d.disposition === 'approved_change' ? '' : ' (optional)'}</label>
      <input id="t-ticket" type="text" value={d.ticket} aria-invalid={problem?.field === 'ticket'} onInput={(e) => set({ ticket: (e.currentTarget as HTMLInputElement).value })} />
      {d.disposition === 'risk_accepted' ? (
        <>
          <label for="t-expires">Accepted until (end of that day, your time)</label>
          <input id="t-expires" type="date" value={d.expires} aria-invalid={problem?.field === 'expires'} onInput={(e) => set({ expires: (e.currentTarget as HTMLInputElement).value })} />
        </>
      ) : null}
      {fourEyes ? (
        <p class="four-eyes-note" role="note">
          <strong>Four eyes.</strong> A {severity} finding resolved as {DISPOSITION_LABEL[d.disposition].toLowerCase()} needs four eyes: this records a request, and a different person approves it.
        </p>
      ) : null}
      {problem !== undefined ? (
        <p class="action-error" role="alert">
          {problem.problem}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {fourEyes ? 'Request approval' : 'Resolve'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function ReasonForm({ label, submit, busy, onSubmit, onCancel, extra }: { label: string; submit: string[]; busy: boolean; onSubmit: (reason: string, which: number) => void; onCancel: () => void; extra?: preact.ComponentChildren }) {
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState(false)
  const go = (which: number) => {
    if (reason.trim() === '') setProblem(true)
    else onSubmit(reason.trim(), which)
  }
  return (
    <form
      class="triage-form"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault()
        go(0)
      }}
    >
      {extra}
      <label for="t-why">Reason</label>
      <textarea id="t-why" rows={2} value={reason} aria-invalid={problem} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
      {problem ? (
        <p class="action-error" role="alert">
          Say why, in a few words.
        </p>
      ) : null}
      <div class="actions">
        {submit.map((s, i) => (
          <button key={s} type={i === 0 ? 'submit' : 'button'} class={i === 0 ? 'primary' : undefined} disabled={busy} onClick={i === 0 ? undefined : () => go(i)}>
            {s}
          </button>
        ))}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/**
 * A finding's triage: its state, the actions the reader's role allows,
 * four-eyes requests and their approval, and the history. The API decides;
 * the console hides what it would refuse and shows what it said.
 */
export function TriagePanel({ findingId, severity }: { findingId: string; severity: Severity }) {
  const session = useSession()
  const loaded = useAsync(() => session.call((api) => api.GET('/v1/findings/{id}/reviews', { params: { path: { id: findingId } } })), [findingId])
  const [view, setView] = useState<TriageView | undefined>(undefined)
  const [mode, setMode] = useState<Mode>('idle')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [done, setDone] = useState('')
  useEffect(() => {
    if (loaded.status === 'done') setView(loaded.value)
  }, [loaded.status])

  if (view === undefined) {
    if (loaded.status === 'failed') return <FailureView error={loaded.error} what="read this finding's triage" role={session.who.role} onRetry={loaded.retry} />
    return <p aria-busy="true">Loading triage…</p>
  }

  const actor = `principal:${session.who.name}`
  const actions = triageActions(view, actor, may(session.who.role, 'transitionFinding'))
  const run = async (steps: (() => Promise<{ triage: TriageView }>)[], message: string) => {
    setBusy(true)
    setError(undefined)
    setDone('')
    try {
      for (const step of steps) setView((await step()).triage)
      setMode('idle')
      setDone(message)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const transition = (body: TransitionBody) => () => session.call((api) => api.POST('/v1/findings/{id}/transitions', { params: { path: { id: findingId } }, body }))

  return (
    <div class="triage">
      <StateLine view={view} />
      {view.pending !== null ? (
        <div class="pending" role="status">
          <p>
            
            <strong>Waiting for a second person:</strong> {actorName(view.pending.requested_by)} asked to resolve this as{' '}
            {view.pending.disposition === null ? 'resolved' : DISPOSITION_LABEL[view.pending.disposition]} on <Time iso={view.pending.requested_at} />.
          </p>
          {actions.waitingOnOthers ? <p class="muted">You asked; four eyes needs someone else to approve or reject it.</p> : null}
        </div>
      ) : null}
      {done !== '' ? (
        <p class="action-done" role="status">
          <span aria-hidden="true">✓ </span>
          {done}
        </p>
      ) : null}
      <ActionError error={error} role={session.who.role} />
      {mode === 'idle' && (actions.acknowledge || actions.resolve || actions.reopen || actions.decide) ? (
        <div class="triage-actions">
          {actions.acknowledge ? (
            <button type="button" class="primary" disabled={busy} onClick={() => void run([transition({ to: 'acknowledged', reason: ACK_REASON })], 'Acknowledged.')}>
              Acknowledge
            </button>
          ) : null}
          {actions.resolve ? (
            <button type="button" disabled={busy} onClick={() => setMode('resolve')}>
              Resolve…
            </button>
          ) : null}
          {actions.reopen ? (
            <button type="button" disabled={busy} onClick={() => setMode('reopen')}>
              Reopen…
            </button>
          ) : null}
          {actions.decide ? (
            <button type="button" class="primary" disabled={busy} onClick={() => setMode('decide')}>
              Review the request…
            </button>
          ) : null}
        </div>
      ) : null}
      {mode === 'resolve' ? (
        <ResolveForm
          severity={severity}
          busy={busy}
          onCancel={() => setMode('idle')}
          onSubmit={(body) => {
            const steps = view.state === 'open' ? [transition({ to: 'acknowledged', reason: `Acknowledged to resolve: ${body.reason}` }), transition(body)] : [transition(body)]
            void run(steps, needsFourEyes(severity, body.disposition) ? 'Requested: a second person must approve it.' : 'Resolved.')
          }}
        />
      ) : null}
      {mode === 'reopen' ? <ReasonForm label="Reopen this finding" submit={['Reopen']} busy={busy} onCancel={() => setMode('idle')} onSubmit={(reason) => void run([transition({ to: 'open', reason })], 'Reopened.')} /> : null}
      {mode === 'decide' && view.pending !== null ? (
        <ReasonForm
          label="Approve or reject the pending resolution"
          submit={['Approve', 'Reject']}
          busy={busy}
          onCancel={() => setMode('idle')}
          onSubmit={(reason, which) =>
            void run(
              [() => session.call((api) => api.POST('/v1/findings/{id}/approvals', { params: { path: { id: findingId } }, body: { approve: which === 0, reason } }))],
              which === 0 ? 'Approved: the resolution took effect.' : 'Rejected: the finding stays as it was.',
            )
          }
        />
      ) : null}
      {!may(session.who.role, 'transitionFinding') ? <p class="muted">Your role ({session.who.role}) reads the triage; it cannot triage.</p> : null}
      <h3>History</h3>
      <TriageHistory transitions={view.transitions} />
    </div>
  )
}
