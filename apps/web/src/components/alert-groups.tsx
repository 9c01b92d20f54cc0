import type { AlertGroup, Notification } from '../api/ops-types'
import type { Severity } from '../api/client'
import { useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'
import { FailureView } from './failure-view'
import { Link } from './link'
import { SeverityBadge } from './severity-badge'
import { Time } from './time'

/** How a group's notifications fared: counts per delivery state. */
export function deliverySummary(groupId: string, notifications: readonly Notification[]): string {
  const mine = notifications.filter((n) => n.group_id === groupId)
  if (mine.length === 0) return 'nothing sent yet'
  const by = (s: Notification['state']) => mine.filter((n) => n.state === s).length
  const parts = [
    [by('delivered'), 'delivered'],
    [by('pending'), 'pending'],
    [by('dead'), 'dead'],
  ].filter(([n]) => (n as number) > 0)
  return parts.map(([n, w]) => `${n} ${w}`).join(', ')
}

export function AlertGroups() {
  const session = useSession()
  const data = useAsync(
    () => Promise.all([session.call((api) => api.GET('/v1/alerts')), session.call((api) => api.GET('/v1/notifications', { params: { query: { limit: 1000 } } }))]),
    [],
  )
  if (data.status === 'loading') return <p aria-busy="true">Loading alert groups…</p>
  if (data.status === 'failed') return <FailureView error={data.error} what="list alert groups" role={session.who.role} onRetry={data.retry} />
  const [groups, notes] = data.value
  if (groups.items.length === 0) return <p class="empty">No open alert groups. Findings that match a route open one.</p>
  return (
    <div class="ops-table-wrap">
      <table class="ops-table" aria-label="Open alert groups">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Route</th>
            <th scope="col">Findings</th>
            <th scope="col">Delivery</th>
            <th scope="col">First</th>
            <th scope="col">Notified</th>
          </tr>
        </thead>
        <tbody>
          {groups.items.map((g: AlertGroup) => (
            <tr key={g.group_id}>
              <td data-label="Severity">
                <SeverityBadge severity={g.severity as Severity} />
              </td>
              <th scope="row" data-label="Route">
                {g.route} <span class="muted mono">{g.group_id}</span> <span class="muted">episode {g.episode}</span>
              </th>
              <td data-label="Findings">
                {g.findings}
                {g.finding_ids[0] !== undefined ? (
                  <>
                    {' '}
                    (<Link href={`/findings/${g.finding_ids[0]}`}>first</Link>)
                  </>
                ) : null}
              </td>
              <td data-label="Delivery">
                {g.triggered ? 'triggered' : 'waiting to trigger'}; {deliverySummary(g.group_id, notes.items)}{' '}
                <Link href={`/alerts/notifications?group_id=${g.group_id}`}>notifications</Link>
              </td>
              <td data-label="First">
                <Time iso={g.first_at} />
              </td>
              <td data-label="Notified">{g.last_notified_at === null ? <span class="muted">not yet</span> : <Time iso={g.last_notified_at} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
