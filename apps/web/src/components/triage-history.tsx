import type { Transition } from '../api/ops-types'
import { actorName, DISPOSITION_LABEL, STATE_LABEL } from '../lib/triage'
import { Time } from './time'

const KIND: Record<Transition['kind'], string> = {
  transition: '',
  request: 'asked a second person to approve',
  approval: 'approved',
  rejection: 'rejected',
}

function what(t: Transition): string {
  const to = t.to_state === 'resolved' && t.disposition !== null ? `Resolved as ${DISPOSITION_LABEL[t.disposition]}` : STATE_LABEL[t.to_state]
  switch (t.kind) {
    case 'request':
      return `${KIND.request}: ${to}`
    case 'approval':
      return `${KIND.approval}: ${to}`
    case 'rejection':
      return `${KIND.rejection} the pending request`
    default:
      return t.from_state === t.to_state ? to : `${STATE_LABEL[t.from_state]} → ${to}`
  }
}

/** Every triage decision, oldest first: who, when, what and why. Nothing is ever edited. */
export function TriageHistory({ transitions }: { transitions: readonly Transition[] }) {
  if (transitions.length === 0) return <p class="muted">Nobody has triaged this finding yet.</p>
  return (
    <ol class="triage-history">
      {transitions.map((t) => (
        <li key={t.transition_id} class={`th-${t.kind}`}>
          <div class="th-line">
            <Time iso={t.at} /> <strong>{actorName(t.actor)}</strong> <span class="muted">({t.role})</span> <span class="th-what">{what(t)}</span>
          </div>
          <p class="th-reason">“{t.reason}”</p>
          {t.ticket !== null || t.expires_at !== null ? (
            <p class="th-extra muted">
              {t.ticket !== null ? <>Ticket <span class="mono">{t.ticket}</span>. </> : null}
              {t.expires_at !== null ? (
                <>
                  Lapses <Time iso={t.expires_at} />.
                </>
              ) : null}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
