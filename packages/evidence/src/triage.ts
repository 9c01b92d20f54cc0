import { AppError, type Severity } from '@vigil/core'
import type { Disposition, FindingState } from './report.js'

/**
 * A finding's triage, derived from its immutable transition rows
 * (finding_transitions_v1). Nothing is updated in place: every decision is
 * a new row, and the current state is a fold over the rows up to an instant.
 *
 * Kinds of row:
 * - `transition`: the state changed (open → acknowledged → resolved, or a reopen);
 * - `request`: a resolution that needs a second approver (four eyes); the state does not change yet;
 * - `approval`: a different person approved a pending request; the resolution takes effect;
 * - `rejection`: a different person turned a pending request down; nothing changes.
 */
export type TransitionKind = 'transition' | 'request' | 'approval' | 'rejection'

export interface TransitionRecord {
  transition_id: string
  finding_id: string
  /** Position in the finding's log, from 0: the order of decisions, whatever the clocks said. */
  seq: number
  at: string
  /** actorLabel of who did it. */
  actor: string
  role: string
  kind: TransitionKind
  from_state: FindingState
  to_state: FindingState
  disposition: Disposition | null
  reason: string
  ticket: string | null
  /** risk_accepted: when the acceptance lapses and the finding counts as open again. */
  expires_at: string | null
  /** approval/rejection: the request it answers. */
  request_id: string | null
}

export interface PendingRequest {
  request_id: string
  requested_by: string
  requested_at: string
  to_state: FindingState
  disposition: Disposition | null
}

export interface TriageState {
  state: FindingState
  disposition: Disposition | null
  /** When the current resolution was recorded; null unless resolved. */
  resolved_at: string | null
  expires_at: string | null
  /** A risk acceptance whose expiry passed: the finding is open again. */
  expired: boolean
  pending: PendingRequest | null
}

const ms = (t: string) => Date.parse(t)
const ORDER = (a: TransitionRecord, b: TransitionRecord) => a.seq - b.seq || ms(a.at) - ms(b.at) || (a.transition_id < b.transition_id ? -1 : a.transition_id > b.transition_id ? 1 : 0)

/** The state after every row at or before `asOf` (all rows when absent). */
export function deriveTriage(rows: readonly TransitionRecord[], asOf?: string): TriageState {
  let s: TriageState = { state: 'open', disposition: null, resolved_at: null, expires_at: null, expired: false, pending: null }
  const requests = new Map<string, TransitionRecord>()
  for (const r of [...rows].sort(ORDER)) {
    if (asOf !== undefined && ms(r.at) > ms(asOf)) continue
    switch (r.kind) {
      case 'transition':
      case 'approval':
        s = r.to_state === 'resolved'
          ? { state: 'resolved', disposition: r.disposition, resolved_at: r.at, expires_at: r.expires_at, expired: false, pending: null }
          : { state: r.to_state, disposition: null, resolved_at: null, expires_at: null, expired: false, pending: s.pending }
        if (r.kind === 'approval') s.pending = null
        break
      case 'request':
        requests.set(r.transition_id, r)
        s = { ...s, pending: { request_id: r.transition_id, requested_by: r.actor, requested_at: r.at, to_state: r.to_state, disposition: r.disposition } }
        break
      case 'rejection':
        if (s.pending?.request_id === r.request_id) s = { ...s, pending: null }
        break
    }
  }
  const at = asOf ?? new Date().toISOString()
  if (s.state === 'resolved' && s.disposition === 'risk_accepted' && s.expires_at !== null && ms(s.expires_at) <= ms(at)) {
    s = { ...s, state: 'open', expired: true }
  }
  return s
}

/** What a person asks for: a state change, with what the change needs. */
export interface TransitionRequest {
  to: FindingState
  disposition?: Disposition | undefined
  reason: string
  ticket?: string | undefined
  expires_at?: string | undefined
}

/** Resolutions that take effect only once a second, different person approves them. */
export function needsFourEyes(severity: Severity, disposition: Disposition | undefined): boolean {
  return (severity === 'high' || severity === 'critical') && (disposition === 'false_positive' || disposition === 'risk_accepted')
}

const ALLOWED: Record<FindingState, readonly FindingState[]> = {
  open: ['acknowledged'],
  acknowledged: ['resolved', 'open'],
  resolved: ['open'],
}

/**
 * Checks a requested transition against the current state and returns the
 * row to store (kind `transition`, or `request` when four eyes apply).
 * Throws AppError transition_not_allowed (409) or invalid_body (400) with
 * a message saying exactly what is wrong.
 */
export function planTransition(input: {
  current: TriageState
  severity: Severity
  request: TransitionRequest
  actor: string
  role: string
  at: string
  finding_id: string
  /** How many rows the finding's log already has. */
  seq: number
  newId: () => string
}): TransitionRecord {
  const { current, request: q } = input
  if (current.pending !== null) {
    throw new AppError('transition_not_allowed', `finding ${input.finding_id} has a resolution pending a second approver (request ${current.pending.request_id}); approve or reject it first`)
  }
  if (!ALLOWED[current.state].includes(q.to)) {
    const next = ALLOWED[current.state]
    throw new AppError('transition_not_allowed', `finding ${input.finding_id} is ${current.state}${current.expired ? ' (its risk acceptance expired)' : ''}; it can move to ${next.join(' or ')}, not to ${q.to}`)
  }
  if (q.to === 'resolved') {
    if (q.disposition === undefined) throw new AppError('invalid_body', 'resolving needs a disposition: true_positive, approved_change, false_positive or risk_accepted')
    if (q.disposition === 'approved_change' && (q.ticket === undefined || q.ticket.trim() === '')) throw new AppError('invalid_body', 'an approved_change needs a ticket or change reference in "ticket"')
    if (q.disposition === 'risk_accepted') {
      if (q.expires_at === undefined) throw new AppError('invalid_body', 'a risk_accepted resolution needs an expiry in "expires_at"')
      if (!(ms(q.expires_at) > ms(input.at))) throw new AppError('invalid_body', `expires_at ${q.expires_at} is not in the future`)
    } else if (q.expires_at !== undefined) {
      throw new AppError('invalid_body', 'expires_at applies only to risk_accepted')
    }
  } else if (q.disposition !== undefined) {
    throw new AppError('invalid_body', `a disposition applies only when resolving, not when moving to ${q.to}`)
  }
  const fourEyes = q.to === 'resolved' && needsFourEyes(input.severity, q.disposition)
  return {
    transition_id: input.newId(),
    finding_id: input.finding_id,
    seq: input.seq,
    at: input.at,
    actor: input.actor,
    role: input.role,
    kind: fourEyes ? 'request' : 'transition',
    from_state: current.state,
    to_state: q.to,
    disposition: q.to === 'resolved' ? (q.disposition ?? null) : null,
    reason: q.reason,
    ticket: q.ticket ?? null,
    expires_at: q.expires_at ?? null,
    request_id: null,
  }
}

/** The row for a second person's answer to a pending four-eyes request. */
export function planDecision(input: {
  rows: readonly TransitionRecord[]
  current: TriageState
  approve: boolean
  reason: string
  actor: string
  role: string
  at: string
  finding_id: string
  newId: () => string
}): TransitionRecord {
  const pending = input.current.pending
  if (pending === null) throw new AppError('transition_not_allowed', `finding ${input.finding_id} has no resolution waiting for approval`)
  if (pending.requested_by === input.actor) {
    throw new AppError('same_approver', `${input.actor} requested this resolution; four eyes needs a different person to ${input.approve ? 'approve' : 'reject'} it`)
  }
  const request = input.rows.find((r) => r.transition_id === pending.request_id)
  return {
    transition_id: input.newId(),
    finding_id: input.finding_id,
    seq: input.rows.length,
    at: input.at,
    actor: input.actor,
    role: input.role,
    kind: input.approve ? 'approval' : 'rejection',
    from_state: input.current.state,
    to_state: input.approve ? pending.to_state : input.current.state,
    disposition: input.approve ? pending.disposition : null,
    reason: input.reason,
    ticket: input.approve ? (request?.ticket ?? null) : null,
    expires_at: input.approve ? (request?.expires_at ?? null) : null,
    request_id: pending.request_id,
  }
}
