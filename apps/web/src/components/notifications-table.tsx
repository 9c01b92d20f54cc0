import { useState } from 'preact/hooks'
import type { Notification } from '../api/ops-types'
import { navigate } from '../lib/router'
import { may, useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'
import { ActionError } from './action-error'
import { DeliveryState } from './delivery-state'
import { FailureView } from './failure-view'
import { Time } from './time'

const STATES = ['', 'pending', 'delivered', 'dead', 'collapsed'] as const

/** Notifications and their delivery; dead letters can be replayed with the same id. */
export function NotificationsTable({ query }: { query: URLSearchParams }) {
  const session = useSession()
  const state = (STATES as readonly string[]).includes(query.get('state') ?? '') ? ((query.get('state') ?? '') as (typeof STATES)[number]) : ''
  const groupId = query.get('group_id') ?? ''
  const [error, setError] = useState<unknown>(undefined)
  const [replayed, setReplayed] = useState<string[]>([])
  const list = useAsync(
    () => session.call((api) => api.GET('/v1/notifications', { params: { query: { limit: 500, ...(state === '' ? {} : { state }), ...(groupId === '' ? {} : { group_id: groupId }) } } })),
    [state, groupId],
  )
  const canReplay = may(session.who.role, 'replayNotification')
  const replay = async (n: Notification) => {
    setError(undefined)
    try {
      await session.call((api) => api.POST('/v1/notifications/{id}/replay', { params: { path: { id: n.notification_id } } }))
      setReplayed((r) => [...r, n.notification_id])
      list.retry()
    } catch (err) {
      setError(err)
    }
  }
  return (
    <>
      <div class="field inline-field">
        <label for="n-state">Delivery state</label>
        <select
          id="n-state"
          value={state}
          onChange={(e) => {
            const q = new URLSearchParams(query)
            const v = (e.currentTarget as HTMLSelectElement).value
            if (v === '') q.delete('state')
            else q.set('state', v)
            navigate(`/alerts/notifications${q.toString() === '' ? '' : `?${q}`}`)
          }}
        >
          <option value="">All</option>
          <option value="pending">Pending</option>
          <option value="delivered">Delivered</option>
          <option value="dead">Dead letters</option>
          <option value="collapsed">Collapsed into a digest</option>
        </select>
      </div>
      {groupId !== '' ? <p class="muted">Only group <span class="mono">{groupId}</span>.</p> : null}
      <ActionError error={error} role={session.who.role} />
      {replayed.length > 0 ? (
        <p class="action-done" role="status">
          <span aria-hidden="true">✓ </span>Queued again: {replayed.length} {replayed.length === 1 ? 'dead letter' : 'dead letters'}, with the same notification id.
        </p>
      ) : null}
      {list.status === 'loading' ? <p aria-busy="true">Loading notifications…</p> : null}
      {list.status === 'failed' ? <FailureView error={list.error} what="list notifications" role={session.who.role} onRetry={list.retry} /> : null}
      {list.status === 'done' && list.value.items.length === 0 ? <p class="empty">No notifications{state === '' ? '' : ` in state ${state}`}.</p> : null}
      {list.status === 'done' && list.value.items.length > 0 ? (
        <div class="ops-table-wrap">
          <table class="ops-table notifications" aria-label="Notifications">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Sink</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last result</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.value.items.map((n) => (
                <tr key={n.notification_id} data-id={n.notification_id}>
                  <td data-label="Created">
                    <Time iso={n.created_at} />
                  </td>
                  <th scope="row" data-label="Sink">
                    {n.sink} <span class="muted">({n.route}, {n.severity})</span>
                  </th>
                  <td data-label="Kind">{n.kind}</td>
                  <td data-label="State">
                    <DeliveryState state={n.state} />
                  </td>
                  <td data-label="Attempts">{n.attempts}</td>
                  <td data-label="Last result">
                    {n.last_result ?? <span class="muted">none yet</span>}
                    {n.last_status !== null ? ` (HTTP ${n.last_status})` : ''}
                    {n.dead_reason !== null ? <div class="muted">{n.dead_reason}</div> : null}
                  </td>
                  <td data-label="Actions">
                    {n.state === 'dead' && canReplay ? (
                      <button type="button" onClick={() => void replay(n)} aria-label={`Replay the dead letter to ${n.sink} created ${n.created_at}`}>
                        Replay
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
