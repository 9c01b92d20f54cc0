import { useState } from 'preact/hooks'
import type { Matcher, Silence } from '../api/ops-types'
import { may, useSession } from '../lib/session'
import { emptySilence, MATCH_FIELDS, MATCH_OPS, matcherText, silenceBody, type SilenceDraft } from '../lib/silence-form'
import { useAsync } from '../lib/use-async'
import { actorName } from '../lib/triage'
import { localLabel } from '../lib/time'
import { ActionError } from './action-error'
import { FailureView } from './failure-view'
import { Time } from './time'

const STATE_MARK: Record<Silence['state'], string> = { active: '■', pending: '◌', expired: '–' }

export function SilenceForm({ onCreated }: { onCreated: (s: Silence) => void }) {
  const session = useSession()
  const [d, setD] = useState<SilenceDraft>(() => emptySilence(Date.now()))
  const [problems, setProblems] = useState<string[]>([])
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const setMatcher = (i: number, patch: Partial<Matcher>) => setD({ ...d, matchers: d.matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)) })
  const submit = async (e: Event) => {
    e.preventDefault()
    const r = silenceBody(d)
    if ('problems' in r) {
      setProblems(r.problems)
      return
    }
    setProblems([])
    setBusy(true)
    setError(undefined)
    try {
      const created = await session.call((api) => api.POST('/v1/silences', { body: r.body }))
      setD(emptySilence(Date.now()))
      onCreated(created)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="ops-form silence-form" aria-label="New silence" onSubmit={submit}>
      <fieldset>
        <legend>Matchers (every one must match)</legend>
        {d.matchers.map((m, i) => (
          <div class="matcher-row" key={i}>
            <div>
              <label for={`m-name-${i}`}>Field {i + 1}</label>
              <select id={`m-name-${i}`} value={m.name} onChange={(e) => setMatcher(i, { name: (e.currentTarget as HTMLSelectElement).value as Matcher['name'] })}>
                {MATCH_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for={`m-op-${i}`}>Test {i + 1}</label>
              <select id={`m-op-${i}`} value={m.op} onChange={(e) => setMatcher(i, { op: (e.currentTarget as HTMLSelectElement).value as Matcher['op'] })}>
                {MATCH_OPS.map((o) => (
                  <option key={o.op} value={o.op}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for={`m-value-${i}`}>Value {i + 1}</label>
              <input id={`m-value-${i}`} type="text" value={m.value} onInput={(e) => setMatcher(i, { value: (e.currentTarget as HTMLInputElement).value })} />
            </div>
            <button type="button" disabled={d.matchers.length === 1} onClick={() => setD({ ...d, matchers: d.matchers.filter((_, j) => j !== i) })} aria-label={`Remove matcher ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setD({ ...d, matchers: [...d.matchers, { name: 'rule_id', op: '=', value: '' }] })}>
          Add a matcher
        </button>
      </fieldset>
      <label for="s-starts">Starts (your time)</label>
      <input id="s-starts" type="datetime-local" value={d.startsAt} onInput={(e) => setD({ ...d, startsAt: (e.currentTarget as HTMLInputElement).value })} />
      <label for="s-ends">Ends (your time)</label>
      <input id="s-ends" type="datetime-local" value={d.endsAt} onInput={(e) => setD({ ...d, endsAt: (e.currentTarget as HTMLInputElement).value })} />
      <label for="s-comment">Comment</label>
      <textarea id="s-comment" rows={2} value={d.comment} onInput={(e) => setD({ ...d, comment: (e.currentTarget as HTMLTextAreaElement).value })} />
      {problems.length > 0 ? (
        <div class="action-error" role="alert">
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ActionError error={error} role={session.who.role} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          Create silence
        </button>
      </div>
    </form>
  )
}

/** Silences, newest first (expired ones are kept as evidence); create one, or expire one now. */
export function SilencesPanel() {
  const session = useSession()
  const list = useAsync(() => session.call((api) => api.GET('/v1/silences', { params: { query: { limit: 200 } } })), [])
  const [error, setError] = useState<unknown>(undefined)
  const [note, setNote] = useState('')
  const canWrite = may(session.who.role, 'createSilence')
  const expire = async (s: Silence) => {
    setError(undefined)
    try {
      await session.call((api) => api.POST('/v1/silences/{id}/expire', { params: { path: { id: s.id } } }))
      setNote(`Expired the silence "${s.comment}".`)
      list.retry()
    } catch (err) {
      setError(err)
    }
  }
  return (
    <>
      {canWrite ? (
        <details class="bulk">
          <summary>New silence</summary>
          <SilenceForm
            onCreated={(s) => {
              setNote(`Created a silence (${s.state}) until ${localLabel(s.endsAt)}.`)
              list.retry()
            }}
          />
        </details>
      ) : (
        <p class="muted">Your role ({session.who.role}) reads silences; it cannot create or expire them.</p>
      )}
      {note !== '' ? (
        <p class="action-done" role="status">
          <span aria-hidden="true">✓ </span>
          {note}
        </p>
      ) : null}
      <ActionError error={error} role={session.who.role} />
      {list.status === 'loading' ? <p aria-busy="true">Loading silences…</p> : null}
      {list.status === 'failed' ? <FailureView error={list.error} what="list silences" role={session.who.role} onRetry={list.retry} /> : null}
      {list.status === 'done' && list.value.items.length === 0 ? <p class="empty">No silences. Notifications go out as routed.</p> : null}
      {list.status === 'done' && list.value.items.length > 0 ? (
        <div class="ops-table-wrap">
          <table class="ops-table silences" aria-label="Silences">
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Matchers</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">By</th>
                <th scope="col">Comment</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.value.items.map((s) => (
                <tr key={s.id}>
                  <td data-label="State">
                    <span aria-hidden="true">{STATE_MARK[s.state]} </span>
                    {s.state}
                  </td>
                  <th scope="row" data-label="Matchers" class="mono">
                    {s.matchers.map(matcherText).join(', ')}
                  </th>
                  <td data-label="From">
                    <Time iso={s.startsAt} />
                  </td>
                  <td data-label="Until">
                    <Time iso={s.expiredAt ?? s.endsAt} />
                    {s.expiredAt !== null ? ' (expired early)' : ''}
                  </td>
                  <td data-label="By">{actorName(s.createdBy)}</td>
                  <td data-label="Comment">{s.comment}</td>
                  <td data-label="Actions">
                    {canWrite && s.state !== 'expired' ? (
                      <button type="button" onClick={() => void expire(s)} aria-label={`Expire the silence ${s.matchers.map(matcherText).join(', ')}`}>
                        Expire
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  )
}
