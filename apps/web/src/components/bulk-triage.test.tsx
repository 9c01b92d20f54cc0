import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { EMPTY_FILTERS, type FindingFilters } from '../lib/finding-filters'
import { fakeSession, WithSession } from '../lib/fake-api'
import { BulkTriage } from './bulk-triage'

afterEach(cleanup)

function renderBulk(filters: FindingFilters = { ...EMPTY_FILTERS, severity: ['info'], namespace: 'kube-system' }) {
  const { session, sent } = fakeSession({ name: 'alice', role: 'analyst', clusters: null }, (req) => {
    const b = req.body as { dry_run: boolean }
    return { status: 200, body: b.dry_run ? { dry_run: true, matched: 7, applied: 0, pending_approval: 0, skipped: [] } : { dry_run: false, matched: 7, applied: 5, pending_approval: 1, skipped: [{ finding_id: 'x', reason: 'finding x is resolved; it can move to open, not to acknowledged' }] } }
  })
  return { ...render(<WithSession session={session}><BulkTriage filters={filters} /></WithSession>), sent }
}

describe('BulkTriage', () => {
  it('counts first (a dry run), and applies only what the reader confirmed', async () => {
    const { getByLabelText, getByRole, findByRole, container, sent } = renderBulk()
    fireEvent.input(getByLabelText('Reason'), { target: { value: 'noise' } })
    fireEvent.click(getByRole('button', { name: 'Count matching findings' }))
    const confirm = await findByRole('button', { name: 'Acknowledge 7 findings' })
    expect(sent).toEqual([{ method: 'POST', path: '/v1/findings/triage', body: { filter: { severity: ['info'], namespace: 'kube-system' }, transition: { to: 'acknowledged', reason: 'noise' }, dry_run: true, max: 10_000 } }])
    fireEvent.click(confirm)
    await waitFor(() => expect(container.querySelector('.bulk-result')?.textContent).toContain('Applied to 5 of 7; 1 wait for a second approver; 1 skipped.'))
    expect(sent.map((s) => (s.body as { dry_run: boolean }).dry_run)).toEqual([true, false])
  })

  it('drops a count once the request changes, so a stale number is never confirmed', async () => {
    const { getByLabelText, getByRole, findByRole, queryByRole } = renderBulk()
    fireEvent.input(getByLabelText('Reason'), { target: { value: 'noise' } })
    fireEvent.click(getByRole('button', { name: 'Count matching findings' }))
    await findByRole('button', { name: 'Acknowledge 7 findings' })
    fireEvent.change(getByLabelText('Action'), { target: { value: 'open' } })
    await waitFor(() => expect(queryByRole('button', { name: /7 findings/ })).toBeNull())
  })

  it('says what is missing instead of sending', async () => {
    const { getByRole, findByRole, sent } = renderBulk({ ...EMPTY_FILTERS, rule_id: 'a,b' })
    fireEvent.click(getByRole('button', { name: 'Count matching findings' }))
    expect((await findByRole('alert')).textContent).toContain('one rule id')
    expect(sent).toHaveLength(0)
  })
})
