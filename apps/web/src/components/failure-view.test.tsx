import { cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiFailure, call, failureFromResponse } from '../api/client'
import { FailureView } from './failure-view'

afterEach(cleanup)

describe('FailureView', () => {
  it('says what a 403 means for the role, and offers no retry', () => {
    const error = failureFromResponse(403, { error: { code: 'forbidden', message: 'role auditor may not call this; it needs one of admin, analyst' } })
    const onRetry = vi.fn()
    const { getByRole, queryByRole } = render(<FailureView error={error} what="read dead letters" role="auditor" onRetry={onRetry} />)
    expect(getByRole('alert').textContent).toContain('Your role (auditor) cannot read dead letters')
    expect(getByRole('alert').textContent).toContain('it needs one of admin, analyst')
    expect(queryByRole('button', { name: 'Retry' })).toBeNull()
  })

  it('offers a retry when the API did not answer', () => {
    const onRetry = vi.fn()
    const { getByRole } = render(<FailureView error={new ApiFailure('network', 'x', undefined, undefined)} what="list findings" onRetry={onRetry} />)
    expect(getByRole('heading').textContent).toBe('Could not list findings: the vigil API did not answer')
    fireEvent.click(getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledOnce()
  })
})

describe('call', () => {
  it('turns a thrown fetch into a retriable network failure', async () => {
    await expect(call(() => Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({ kind: 'network', retriable: true })
  })

  it('turns error statuses into kinds, keeping the API code and message', async () => {
    const res = (status: number) => Promise.resolve({ error: { error: { code: 'c', message: 'm' } }, response: new Response(null, { status }) })
    await expect(call(() => res(401))).rejects.toMatchObject({ kind: 'unauthorized', code: 'c', message: 'm' })
    await expect(call(() => res(404))).rejects.toMatchObject({ kind: 'not_found' })
    await expect(call(() => res(503))).rejects.toMatchObject({ kind: 'unavailable', retriable: true })
    await expect(call(() => res(400))).rejects.toMatchObject({ kind: 'invalid', retriable: false })
    await expect(call(() => Promise.resolve({ data: { ok: 1 }, response: new Response('{}', { status: 200 }) }))).resolves.toEqual({ ok: 1 })
  })
})
