import { useEffect } from 'preact/hooks'
import { AlertGroups } from '../components/alert-groups'
import { Link } from '../components/link'
import { NotificationsTable } from '../components/notifications-table'
import { SilencesPanel } from '../components/silences-panel'
import { SinksTable } from '../components/sinks-table'
import type { Location } from '../lib/router'
import '../components/ops.css'

export const ALERT_TABS = [
  ['/alerts', 'Groups'],
  ['/alerts/notifications', 'Notifications'],
  ['/alerts/silences', 'Silences'],
  ['/alerts/sinks', 'Sinks'],
] as const

/** Alerting: open groups, notifications and dead letters, silences and sinks. */
export function AlertsPage({ location }: { location: Location }) {
  const tab = ALERT_TABS.find(([href]) => href === location.path.replace(/\/+$/, '')) ?? ALERT_TABS[0]
  useEffect(() => {
    document.title = `Alerts: ${tab[1]} · vigil`
  }, [tab[1]])
  let body: preact.ComponentChildren
  if (tab[0] === '/alerts/notifications') body = <NotificationsTable query={location.query} />
  else if (tab[0] === '/alerts/silences') body = <SilencesPanel />
  else if (tab[0] === '/alerts/sinks') body = <SinksTable />
  else body = <AlertGroups />
  return (
    <main id="main" class="page alerts-page">
      <h1>Alerts: {tab[1]}</h1>
      <nav class="ops-tabs" aria-label="Alerts">
        <ul>
          {ALERT_TABS.map(([href, label]) => (
            <li key={href}>
              <Link href={href} aria-current={href === tab[0] ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {body}
    </main>
  )
}
