import { useState } from 'preact/hooks'
import type { Notification, Sink } from '../api/ops-types'
import { may, useSession } from '../lib/session'
import { useAsync } from '../lib/use-async'
import { ActionError } from './action-error'
import { DeliveryState } from './delivery-state'
import { FailureView } from './failure-view'

const POLL_MS = 1000
const POLL_TIMES = 30

/** The configured sinks, secrets masked by the API; "Send test" goes through the real delivery path. */
export function SinksTable() {
  const session = useSession()
  const list = useAsync(() => session.call((api) => api.GET('/v1/sinks')), [])
  const [tests, setTests] = useState<Record<string, Notification>>({})
  const [error, setError] = useState<unknown>(undefined)
  const canTest = may(session.who.role, 'testSink')

  const test = async (s: Sink) => {
    setError(undefined)
    try {
      let n = await session.call((api) => api.POST('/v1/sinks/{name}/test', { params: { path: { name: s.name } } }))
      setTests((t) => ({ ...t, [s.name]: n }))
      // Follow it until the router delivers it or gives up.
      for (let i = 0; i < POLL_TIMES && n.state === 'pending'; i++) {
        await new Promise((r) => setTimeout(r, POLL_MS))
        const page = await session.call((api) => api.GET('/v1/notifications', { params: { query: { sink: s.name, limit: 50 } } }))
        n = page.items.find((x) => x.notification_id === n.notification_id) ?? n
        setTests((t) => ({ ...t, [s.name]: n }))
      }
    } catch (err) {
      setError(err)
    }
  }

  if (list.status === 'loading') return <p aria-busy="true">Loading sinks…</p>
  if (list.status === 'failed') return <FailureView error={list.error} what="list sinks" role={session.who.role} onRetry={list.retry} />
  if (list.value.items.length === 0) return <p class="empty">No sinks are configured. See docs/alerting.md.</p>
  return (
    <>
      <ActionError error={error} role={session.who.role} />
      <div class="ops-table-wrap">
        <table class="ops-table sinks" aria-label="Sinks">
          <thead>
            <tr>
              <th scope="col">Sink</th>
              <th scope="col">Type</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Min severity</th>
              <th scope="col">Signing</th>
              <th scope="col">Test</th>
            </tr>
          </thead>
          <tbody>
            {list.value.items.map((s) => {
              const t = tests[s.name]
              return (
                <tr key={s.name}>
                  <th scope="row" data-label="Sink">
                    {s.name}
                    <div class={s.healthy ? 'muted' : 'action-error'}>
                      {s.healthy ? '✓ healthy' : '✕ unhealthy'}
                      {s.health_detail !== null ? `: ${s.health_detail}` : ''}
                    </div>
                  </th>
                  <td data-label="Type">
                    {s.type}
                    {s.mode !== null ? ` (${s.mode})` : ''}
                    {s.send_resolved ? ', sends resolved' : ''}
                  </td>
                  <td data-label="Endpoint" class="mono" title="Scheme and host only: the rest of a sink URL is a credential.">
                    {s.endpoint}
                  </td>
                  <td data-label="Min severity">{s.min_severity}</td>
                  <td data-label="Signing">{s.signing_secrets === 0 ? 'none' : `${s.signing_secrets} ${s.signing_secrets === 1 ? 'secret' : 'secrets (rotating)'}`}</td>
                  <td data-label="Test">
                    {canTest ? (
                      <button type="button" onClick={() => void test(s)} aria-label={`Send test to ${s.name}`}>
                        Send test
                      </button>
                    ) : (
                      <span class="muted">not for your role</span>
                    )}
                    {t !== undefined ? (
                      <p class="sink-test" role="status">
                        Test <DeliveryState state={t.state} />
                        {t.last_result !== null ? `: ${t.last_result}${t.last_status !== null ? ` (HTTP ${t.last_status})` : ''}` : ''}
                      </p>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}
