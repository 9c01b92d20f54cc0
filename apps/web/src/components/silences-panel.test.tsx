import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { Silence } from '../api/ops-types'
import { fakeSession, WithSession } from '../lib/fake-api'
import { SilencesPanel } from './silences-panel'
import { NotificationsTable } from './notifications-table'

afterEach(cleanup)

const SILENCE: Silence = { id: `s_${'a'.repeat(32)}`, matchers: [{ name: 'cluster', op: '=', value: 'prod' }], startsAt: '2026-11-10T10:00:00.000Z', endsAt: '2026-11-10T12:00:00.000Z', createdBy: 'principal:alice', comment: 'upgrade', createdAt: '2026-11-10T09:59:00.000Z', expiredAt: null, replaces: null, state: 'active' }

describe('SilencesPanel', () => {
  it('creates a silence from matcher rows, then expires one', async () => {
    const items: Silence[] = [SILENCE]
    const { session, sent } = fakeSession({ name: 'bob', role: 'analyst', clusters: null }, (req) => {
      if (req.method === 'GET') return { status: 200, body: { items } }
      if (req.path.endsWith('/expire')) {
        const i = items.findIndex((x) => req.path.includes(x.id))
        items[i] = { ...(items[i] as Silence), state: 'expired', expiredAt: '2026-11-10T11:00:00.000Z' }
        return { status: 200, body: items[i] }
      }
      const made = { ...SILENCE, ...(req.body as object), id: `s_${'b'.repeat(32)}`, createdBy: 'principal:bob' } as Silence
      items.unshift(made)
      return { status: 201, body: made }
    })
    const { findByRole, getByLabelText, getByRole, getByText, container } = render(<WithSession session={session}><SilencesPanel /></WithSession>)
    await findByRole('table', { name: 'Silences' })
    fireEvent.click(getByText('New silence'))
    fireEvent.input(getByLabelText('Value 1'), { target: { value: 'staging' } })
    fireEvent.click(getByRole('button', { name: 'Add a matcher' }))
    fireEvent.change(getByLabelText('Test 2'), { target: { value: '!~' } })
    fireEvent.input(getByLabelText('Value 2'), { target: { value: 'audit\\..*' } })
    fireEvent.input(getByLabelText('Comment'), { target: { value: 'node pool rotation' } })
    fireEvent.click(getByRole('button', { name: 'Create silence' }))
    await waitFor(() => expect(container.querySelectorAll('.silences tbody tr')).toHaveLength(2))
    const created = sent.find((s) => s.method === 'POST')?.body as { matchers: unknown; comment: string; startsAt: string; endsAt: string }
    expect(created.matchers).toEqual([{ name: 'cluster', op: '=', value: 'staging' }, { name: 'rule_id', op: '!~', value: 'audit\\..*' }])
    expect(created.comment).toBe('node pool rotation')
    expect(Date.parse(created.endsAt) - Date.parse(created.startsAt)).toBe(2 * 3_600_000)
    fireEvent.click(getByRole('button', { name: 'Expire the silence cluster="prod"' }))
    await waitFor(() => expect(container.querySelector('.silences tbody tr:last-child')?.textContent).toContain('expired'))
  })

  it('offers an auditor no form and no expire button', async () => {
    const { session } = fakeSession({ name: 'eve', role: 'auditor', clusters: null }, () => ({ status: 200, body: { items: [SILENCE] } }))
    const { findByRole, queryByText, container } = render(<WithSession session={session}><SilencesPanel /></WithSession>)
    await findByRole('table', { name: 'Silences' })
    expect(queryByText('New silence')).toBeNull()
    expect(container.querySelectorAll('button')).toHaveLength(0)
  })
})

describe('NotificationsTable', () => {
  it('replays a dead letter by its id, and shows delivery state in words', async () => {
    const id = `n_${'c'.repeat(32)}`
    const note = { notification_id: id, sink: 'slack', kind: 'trigger', route: 'r', group_id: `g_${'d'.repeat(20)}`, episode: 1, severity: 'high', state: 'dead', attempts: 1, next_attempt_at: null, last_result: 'client_error', last_status: 400, last_detail: null, dead_reason: 'client_error: invalid_blocks', created_at: '2026-11-10T10:00:00.000Z', updated_at: '2026-11-10T10:00:00.000Z' }
    const { session, sent } = fakeSession({ name: 'bob', role: 'analyst', clusters: null }, (req) => (req.method === 'GET' ? { status: 200, body: { items: [note] } } : { status: 202, body: { ...note, state: 'pending' } }))
    const { findByRole, getByRole } = render(<WithSession session={session}><NotificationsTable query={new URLSearchParams('state=dead')} /></WithSession>)
    const table = await findByRole('table', { name: 'Notifications' })
    expect(table.textContent).toContain('✕ dead letter')
    expect(sent[0]?.path).toBe('/v1/notifications?limit=500&state=dead')
    fireEvent.click(getByRole('button', { name: /^Replay/ }))
    await waitFor(() => expect(getByRole('status').textContent).toContain('Queued again: 1 dead letter'))
    expect(sent.some((s) => s.method === 'POST' && s.path === `/v1/notifications/${id}/replay`)).toBe(true)
  })
})
