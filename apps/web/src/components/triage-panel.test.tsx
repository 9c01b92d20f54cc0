import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { Transition, TriageView } from '../api/ops-types'
import { fakeSession, WithSession, type Sent } from '../lib/fake-api'
import { TriagePanel } from './triage-panel'

afterEach(cleanup)

const ID = 'f'.repeat(32)
const AT = '2026-11-10T12:00:00.000Z'

function row(over: Partial<Transition>): Transition {
  return { transition_id: `t${Math.random()}`, finding_id: ID, at: AT, actor: 'principal:alice', role: 'analyst', kind: 'transition', from_state: 'open', to_state: 'acknowledged', disposition: null, reason: 'r', ticket: null, expires_at: null, request_id: null, ...over }
}

/** A tiny triage API over a list of rows, enough to drive the panel. */
function triageApi(severity: TriageView['severity'], actor: string) {
  const rows: Transition[] = []
  const view = (): TriageView => {
    let state: TriageView['state'] = 'open'
    let disposition: TriageView['disposition'] = null
    let pending: TriageView['pending'] = null
    for (const r of rows) {
      if (r.kind === 'request') pending = { request_id: r.transition_id, requested_by: r.actor, requested_at: r.at, disposition: r.disposition }
      else if (r.kind === 'rejection') pending = null
      else {
        state = r.to_state
        disposition = r.disposition
        if (r.kind === 'approval') pending = null
      }
    }
    return { finding_id: ID, severity, state, disposition, expired: false, pending, detected_at: AT, sla_due_at: null, over_sla: false, transitions: [...rows] }
  }
  const handle = (req: Sent) => {
    if (req.method === 'GET') return { status: 200, body: view() }
    const b = req.body as Record<string, unknown>
    if (req.path.endsWith('/approvals')) {
      const p = view().pending
      if (p === null) return { status: 409, body: { error: { code: 'transition_not_allowed', message: 'nothing pending' } } }
      const r = row({ kind: b['approve'] === true ? 'approval' : 'rejection', actor, from_state: view().state, to_state: b['approve'] === true ? 'resolved' : view().state, disposition: b['approve'] === true ? p.disposition : null, reason: String(b['reason']), request_id: p.request_id })
      rows.push(r)
      return { status: 200, body: { transition: r, triage: view() } }
    }
    const four = (severity === 'high' || severity === 'critical') && (b['disposition'] === 'false_positive' || b['disposition'] === 'risk_accepted')
    const r = row({ kind: four ? 'request' : 'transition', actor, from_state: view().state, to_state: b['to'] as Transition['to_state'], disposition: (b['disposition'] as Transition['disposition']) ?? null, reason: String(b['reason']), ticket: (b['ticket'] as string) ?? null, expires_at: (b['expires_at'] as string) ?? null })
    rows.push(r)
    return { status: 200, body: { transition: r, triage: view() } }
  }
  return { rows, handle }
}

function renderPanel(role: 'admin' | 'analyst' | 'auditor', name: string, severity: TriageView['severity'], api = triageApi(severity, `principal:${name}`)) {
  const { session, sent } = fakeSession({ name, role, clusters: null }, api.handle)
  const utils = render(
    <WithSession session={session}>
      <TriagePanel findingId={ID} severity={severity} />
    </WithSession>,
  )
  return { ...utils, sent, api }
}

describe('TriagePanel', () => {
  it('acknowledges in one click and shows the new state and history', async () => {
    const { findByRole, getByRole, container, sent } = renderPanel('analyst', 'alice', 'medium')
    fireEvent.click(await findByRole('button', { name: 'Acknowledge' }))
    await waitFor(() => expect(container.querySelector('.state-badge')?.textContent).toContain('Acknowledged'))
    expect(sent.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([{ to: 'acknowledged', reason: 'Acknowledged in the console: looking into it.' }])
    expect(container.querySelectorAll('.triage-history li')).toHaveLength(1)
    expect(getByRole('button', { name: 'Reopen…' })).toBeTruthy()
  })

  it('resolves an open finding by acknowledging first, and refuses to send without a reason', async () => {
    const { findByRole, getByLabelText, getByRole, container, sent } = renderPanel('admin', 'root', 'low')
    fireEvent.click(await findByRole('button', { name: 'Resolve…' }))
    fireEvent.click(getByRole('button', { name: 'Resolve' }))
    await waitFor(() => expect(getByRole('alert').textContent).toContain('Say why'))
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0)
    fireEvent.input(getByLabelText('Reason'), { target: { value: 'Owner confirmed' } })
    fireEvent.click(getByRole('button', { name: 'Resolve' }))
    await waitFor(() => expect(container.querySelector('.state-badge')?.textContent).toContain('Resolved: True positive'))
    expect(sent.filter((s) => s.method === 'POST').map((s) => (s.body as { to: string }).to)).toEqual(['acknowledged', 'resolved'])
  })

  it('turns a high false positive into a request its author cannot approve, and a second person approves it', async () => {
    const api = triageApi('high', 'principal:alice')
    const first = renderPanel('analyst', 'alice', 'high', api)
    fireEvent.click(await first.findByRole('button', { name: 'Resolve…' }))
    fireEvent.click(first.getByRole('radio', { name: /False positive/ }))
    expect(first.getByRole('note').textContent).toContain('needs four eyes')
    fireEvent.input(first.getByLabelText('Reason'), { target: { value: 'Test namespace' } })
    fireEvent.click(first.getByRole('button', { name: 'Request approval' }))
    await waitFor(() => expect(first.container.querySelector('.pending')?.textContent).toContain('alice asked to resolve this as False positive'))
    expect(first.queryByRole('button', { name: 'Review the request…' })).toBeNull()
    expect(first.container.querySelector('.state-badge')?.textContent).toContain('Acknowledged')
    cleanup()

    const bobApi = { rows: api.rows, handle: (req: Sent) => triageApiAs(api, req, 'principal:bob') }
    const second = renderPanel('analyst', 'bob', 'high', bobApi)
    fireEvent.click(await second.findByRole('button', { name: 'Review the request…' }))
    fireEvent.input(second.getByLabelText('Reason'), { target: { value: 'Agreed' } })
    fireEvent.click(second.getByRole('button', { name: 'Approve' }))
    await waitFor(() => expect(second.container.querySelector('.state-badge')?.textContent).toContain('Resolved: False positive'))
    expect(second.container.querySelector('.pending')).toBeNull()
    expect(second.sent.filter((s) => s.method === 'POST').map((s) => [s.path, s.body])).toEqual([[`/v1/findings/${ID}/approvals`, { approve: true, reason: 'Agreed' }]])
  })

  it('shows an auditor the state and history but no button', async () => {
    const { findByText, container } = renderPanel('auditor', 'eve', 'critical')
    await findByText('Your role (auditor) reads the triage; it cannot triage.')
    expect(container.querySelectorAll('button')).toHaveLength(0)
  })

  it("shows the API's refusal next to the action", async () => {
    const { session } = fakeSession({ name: 'alice', role: 'analyst', clusters: null }, (req) =>
      req.method === 'GET'
        ? { status: 200, body: { finding_id: ID, severity: 'low', state: 'open', disposition: null, expired: false, pending: null, detected_at: AT, sla_due_at: null, over_sla: false, transitions: [] } }
        : { status: 409, body: { error: { code: 'transition_not_allowed', message: 'finding is acknowledged; it can move to resolved or open' } } },
    )
    const { findByRole, getByRole } = render(
      <WithSession session={session}>
        <TriagePanel findingId={ID} severity="low" />
      </WithSession>,
    )
    fireEvent.click(await findByRole('button', { name: 'Acknowledge' }))
    await waitFor(() => expect(getByRole('alert').textContent).toContain('it can move to resolved or open (transition_not_allowed)'))
  })
})

/** The same rows, answered as another person. */
function triageApiAs(api: ReturnType<typeof triageApi>, req: Sent, actor: string) {
  const other = triageApi('high', actor)
  other.rows.push(...api.rows)
  const out = other.handle(req)
  api.rows.splice(0, api.rows.length, ...other.rows)
  return out
}
