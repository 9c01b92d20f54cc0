import { cleanup, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SsoButton, SsoCallback } from './sso-sign-in'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  window.sessionStorage.clear()
})

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('SsoButton', () => {
  it('offers single sign-on as a plain link to /auth/login when the API says OIDC is configured', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(200, { oidc: true })))
    const { findByRole } = render(<SsoButton />)
    expect((await findByRole('link', { name: 'Sign in with single sign-on' })).getAttribute('href')).toBe('/auth/login')
  })

  it('offers nothing when it is not', async () => {
    const fetch = vi.fn(async () => json(200, { oidc: false }))
    vi.stubGlobal('fetch', fetch)
    const { container } = render(<SsoButton />)
    await waitFor(() => expect(fetch).toHaveBeenCalled())
    await new Promise((r) => setTimeout(r, 10))
    expect(container.querySelector('a')).toBeNull()
  })
})

describe('SsoCallback', () => {
  it('takes the code out of the address bar before handing it to /auth/callback, and remembers only the way of signing in', async () => {
    window.history.replaceState(null, '', '/login/callback?code=secret-code&state=s1')
    const seen: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = input instanceof Request ? input.url : String(input)
        seen.push(`${url} @ ${window.location.href}`)
        return url.includes('/auth/callback') ? json(200, { signed_in_as: 'oidc:carol', role: 'auditor', clusters: null }) : json(200, { name: 'oidc:carol', role: 'auditor', clusters: null })
      }),
    )
    const onSignedIn = vi.fn()
    render(<SsoCallback onSignedIn={onSignedIn} />)
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith({ name: 'oidc:carol', role: 'auditor', clusters: null }))
    expect(seen[0]).toMatch(/\/auth\/callback\?code=secret-code&state=s1 @ .*\/login\/callback$/)
    expect(window.location.href).not.toContain('secret-code')
    expect(Object.values(window.sessionStorage)).toEqual(['1'])
  })

  it('says why a sign-in failed, in the API words', async () => {
    window.history.replaceState(null, '', '/login/callback?code=c&state=replayed')
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { error: { code: 'unauthorized', message: 'unknown, used or expired sign-in state; start again at /auth/login' } })))
    const { findByRole } = render(<SsoCallback onSignedIn={() => undefined} />)
    expect((await findByRole('alert')).textContent).toContain('unknown, used or expired sign-in state')
  })
})
