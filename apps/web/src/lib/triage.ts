import type { Disposition, FindingState, TransitionBody, TriageView } from '../api/ops-types'
import type { Severity } from '../api/client'

export const DISPOSITIONS: readonly { value: Disposition; label: string; help: string }[] = [
  { value: 'true_positive', label: 'True positive', help: 'It happened and it mattered; it is dealt with.' },
  { value: 'approved_change', label: 'Approved change', help: 'A planned change; name its ticket.' },
  { value: 'false_positive', label: 'False positive', help: 'The rule fired on something harmless.' },
  { value: 'risk_accepted', label: 'Risk accepted', help: 'Known and accepted until a date; it reopens then.' },
]

export const DISPOSITION_LABEL: Record<Disposition, string> = Object.fromEntries(DISPOSITIONS.map((d) => [d.value, d.label])) as Record<Disposition, string>

export const STATE_LABEL: Record<FindingState, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' }

/** The same rule as the API's (packages/evidence needsFourEyes): it decides, the console only says so in advance. */
export function needsFourEyes(severity: Severity, disposition: Disposition | undefined): boolean {
  return (severity === 'high' || severity === 'critical') && (disposition === 'false_positive' || disposition === 'risk_accepted')
}

/** What a person may do next with a finding, given its triage and who they are. */
export interface TriageActions {
  acknowledge: boolean
  resolve: boolean
  reopen: boolean
  /** A pending four-eyes request this person may approve or reject (someone else asked). */
  decide: boolean
  /** A pending request this person made: they wait for someone else. */
  waitingOnOthers: boolean
}

export function triageActions(view: Pick<TriageView, 'state' | 'pending'>, actor: string, mayTriage: boolean): TriageActions {
  const none = { acknowledge: false, resolve: false, reopen: false, decide: false, waitingOnOthers: false }
  if (!mayTriage) return none
  if (view.pending !== null) {
    const mine = view.pending.requested_by === actor
    return { ...none, decide: !mine, waitingOnOthers: mine }
  }
  return {
    ...none,
    acknowledge: view.state === 'open',
    // From open the console acknowledges first, then resolves: two rows, as the API's state machine wants.
    resolve: view.state === 'open' || view.state === 'acknowledged',
    reopen: view.state === 'acknowledged' || view.state === 'resolved',
  }
}

export interface ResolveDraft {
  disposition: Disposition
  reason: string
  ticket: string
  /** A date (YYYY-MM-DD) in the reader's zone; the acceptance lapses at its end. */
  expires: string
}

/** The resolve form's body, or the first problem with it (said the way the form shows it). */
export function resolveBody(d: ResolveDraft, now: Date): { body: TransitionBody } | { problem: string; field: 'reason' | 'ticket' | 'expires' } {
  const reason = d.reason.trim()
  if (reason === '') return { problem: 'Say why, in a few words.', field: 'reason' }
  const body: TransitionBody = { to: 'resolved', disposition: d.disposition, reason }
  if (d.disposition === 'approved_change') {
    if (d.ticket.trim() === '') return { problem: 'An approved change needs its ticket or change reference.', field: 'ticket' }
    body.ticket = d.ticket.trim()
  } else if (d.ticket.trim() !== '') body.ticket = d.ticket.trim()
  if (d.disposition === 'risk_accepted') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.expires)
    if (m === null) return { problem: 'A risk acceptance needs the date it lapses.', field: 'expires' }
    // The end of that day in the reader's zone.
    const end = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59)
    if (!(end.getTime() > now.getTime())) return { problem: 'The expiry must be in the future.', field: 'expires' }
    body.expires_at = end.toISOString()
  }
  return { body }
}

/** actorLabel is `principal:<name>` for a token; people read the name. */
export function actorName(actor: string): string {
  const i = actor.indexOf(':')
  return i < 0 ? actor : actor.slice(i + 1)
}
