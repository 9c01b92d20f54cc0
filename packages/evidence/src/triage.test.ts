import { describe, expect, it } from 'vitest'
import { deriveTriage, needsFourEyes, planDecision, planTransition, type TransitionRecord, type TransitionRequest } from './triage.js'
import type { Severity } from '@vigil/core'

let n = 0
const newId = () => `t${String(++n).padStart(4, '0')}`

function step(rows: TransitionRecord[], request: TransitionRequest, opts: { severity?: Severity; actor?: string; at: string }): TransitionRecord {
  const row = planTransition({ current: deriveTriage(rows, opts.at), severity: opts.severity ?? 'medium', request, actor: opts.actor ?? 'principal:alice', role: 'analyst', at: opts.at, finding_id: 'f1', seq: rows.length, newId })
  rows.push(row)
  return row
}

describe('triage lifecycle', () => {
  it('goes open → acknowledged → resolved, and the state is derived from the rows', () => {
    const rows: TransitionRecord[] = []
    expect(deriveTriage(rows).state).toBe('open')
    step(rows, { to: 'acknowledged', reason: 'looking' }, { at: '2026-10-01T10:00:00.000Z' })
    step(rows, { to: 'resolved', disposition: 'true_positive', reason: 'confirmed' }, { at: '2026-10-01T11:00:00.000Z' })
    expect(rows.map((r) => [r.kind, r.from_state, r.to_state])).toEqual([['transition', 'open', 'acknowledged'], ['transition', 'acknowledged', 'resolved']])
    expect(deriveTriage(rows)).toMatchObject({ state: 'resolved', disposition: 'true_positive', resolved_at: '2026-10-01T11:00:00.000Z' })
    // As of an earlier instant, only the earlier rows count.
    expect(deriveTriage(rows, '2026-10-01T10:30:00.000Z')).toMatchObject({ state: 'acknowledged', disposition: null })
    expect(deriveTriage([...rows].reverse())).toEqual(deriveTriage(rows))
  })

  it('refuses transitions the lifecycle does not allow, saying which are allowed', () => {
    const rows: TransitionRecord[] = []
    expect(() => step(rows, { to: 'resolved', disposition: 'true_positive', reason: 'x' }, { at: '2026-10-01T10:00:00.000Z' })).toThrow(expect.objectContaining({ code: 'transition_not_allowed', message: expect.stringMatching(/is open; it can move to acknowledged, not to resolved/) }))
    expect(() => step(rows, { to: 'open', reason: 'x' }, { at: '2026-10-01T10:00:00.000Z' })).toThrow(expect.objectContaining({ code: 'transition_not_allowed' }))
    step(rows, { to: 'acknowledged', reason: 'x' }, { at: '2026-10-01T10:00:00.000Z' })
    expect(() => step(rows, { to: 'acknowledged', reason: 'x' }, { at: '2026-10-01T10:01:00.000Z' })).toThrow(expect.objectContaining({ code: 'transition_not_allowed' }))
    expect(rows).toHaveLength(1)
  })

  it('asks for what each disposition needs', () => {
    const rows: TransitionRecord[] = []
    step(rows, { to: 'acknowledged', reason: 'x' }, { at: '2026-10-01T10:00:00.000Z' })
    const at = '2026-10-01T11:00:00.000Z'
    expect(() => step(rows, { to: 'resolved', reason: 'x' }, { at })).toThrow(expect.objectContaining({ code: 'invalid_body', message: expect.stringMatching(/needs a disposition/) }))
    expect(() => step(rows, { to: 'resolved', disposition: 'approved_change', reason: 'x' }, { at })).toThrow(expect.objectContaining({ code: 'invalid_body', message: expect.stringMatching(/ticket/) }))
    expect(() => step(rows, { to: 'resolved', disposition: 'risk_accepted', reason: 'x' }, { at })).toThrow(expect.objectContaining({ code: 'invalid_body', message: expect.stringMatching(/expiry/) }))
    expect(() => step(rows, { to: 'resolved', disposition: 'risk_accepted', reason: 'x', expires_at: '2026-09-01T00:00:00.000Z' }, { at })).toThrow(expect.objectContaining({ message: expect.stringMatching(/not in the future/) }))
    expect(() => step(rows, { to: 'resolved', disposition: 'true_positive', reason: 'x', expires_at: '2027-01-01T00:00:00.000Z' }, { at })).toThrow(expect.objectContaining({ message: expect.stringMatching(/only to risk_accepted/) }))
    expect(() => step(rows, { to: 'open', disposition: 'true_positive', reason: 'x' }, { at })).toThrow(expect.objectContaining({ message: expect.stringMatching(/only when resolving/) }))
    const ok = step(rows, { to: 'resolved', disposition: 'approved_change', reason: 'planned', ticket: 'CHG-42' }, { at })
    expect(ok).toMatchObject({ kind: 'transition', ticket: 'CHG-42', disposition: 'approved_change' })
  })

  it('needs a second, different approver for false_positive and risk_accepted on high and critical', () => {
    expect(needsFourEyes('high', 'false_positive')).toBe(true)
    expect(needsFourEyes('critical', 'risk_accepted')).toBe(true)
    expect(needsFourEyes('medium', 'false_positive')).toBe(false)
    expect(needsFourEyes('critical', 'true_positive')).toBe(false)
    const rows: TransitionRecord[] = []
    step(rows, { to: 'acknowledged', reason: 'x' }, { severity: 'high', at: '2026-10-01T10:00:00.000Z' })
    const request = step(rows, { to: 'resolved', disposition: 'risk_accepted', reason: 'legacy job', expires_at: '2026-12-01T00:00:00.000Z' }, { severity: 'high', at: '2026-10-01T11:00:00.000Z' })
    expect(request.kind).toBe('request')
    const pending = deriveTriage(rows, '2026-10-01T11:30:00.000Z')
    expect(pending).toMatchObject({ state: 'acknowledged', pending: { request_id: request.transition_id, requested_by: 'principal:alice', disposition: 'risk_accepted' } })
    expect(() => step(rows, { to: 'open', reason: 'x' }, { severity: 'high', at: '2026-10-01T11:40:00.000Z' })).toThrow(expect.objectContaining({ code: 'transition_not_allowed', message: expect.stringMatching(/pending a second approver/) }))
    const decide = (actor: string, approve: boolean, at: string) =>
      planDecision({ rows, current: deriveTriage(rows, at), approve, reason: 'ok', actor, role: 'admin', at, finding_id: 'f1', newId })
    expect(() => decide('principal:alice', true, '2026-10-01T12:00:00.000Z')).toThrow(expect.objectContaining({ code: 'same_approver' }))
    const approval = decide('principal:bob', true, '2026-10-01T12:00:00.000Z')
    rows.push(approval)
    expect(approval).toMatchObject({ kind: 'approval', request_id: request.transition_id, to_state: 'resolved', disposition: 'risk_accepted', expires_at: '2026-12-01T00:00:00.000Z' })
    expect(deriveTriage(rows, '2026-10-02T00:00:00.000Z')).toMatchObject({ state: 'resolved', disposition: 'risk_accepted', pending: null, expired: false })
    expect(() => decide('principal:carol', true, '2026-10-02T00:00:00.000Z')).toThrow(expect.objectContaining({ code: 'transition_not_allowed', message: expect.stringMatching(/no resolution waiting/) }))
    // The acceptance lapses at its expiry: the finding counts as open again.
    expect(deriveTriage(rows, '2026-12-01T00:00:00.000Z')).toMatchObject({ state: 'open', expired: true })
  })

  it('a rejected request leaves the state and frees the finding for another decision', () => {
    const rows: TransitionRecord[] = []
    step(rows, { to: 'acknowledged', reason: 'x' }, { severity: 'critical', at: '2026-10-01T10:00:00.000Z' })
    step(rows, { to: 'resolved', disposition: 'false_positive', reason: 'test cluster' }, { severity: 'critical', at: '2026-10-01T11:00:00.000Z' })
    const at = '2026-10-01T12:00:00.000Z'
    rows.push(planDecision({ rows, current: deriveTriage(rows, at), approve: false, reason: 'not a test cluster', actor: 'principal:bob', role: 'admin', at, finding_id: 'f1', newId }))
    expect(deriveTriage(rows)).toMatchObject({ state: 'acknowledged', pending: null, disposition: null })
    step(rows, { to: 'resolved', disposition: 'true_positive', reason: 'real' }, { severity: 'critical', at: '2026-10-01T13:00:00.000Z' })
    expect(deriveTriage(rows).state).toBe('resolved')
  })
})
