import { call, createApiClient, type WhoAmI } from '../api/client'

const KEY = 'vigil.console.sso'

/**
 * A person signed in with OIDC holds an httpOnly session cookie the page
 * cannot read. This tab remembers only *that* it signed in that way (no
 * credential), so a reload asks the API who the cookie is.
 */
export const ssoMarker = {
  read(storage: Storage = window.sessionStorage): boolean {
    return storage.getItem(KEY) === '1'
  },
  write(storage: Storage = window.sessionStorage): void {
    storage.setItem(KEY, '1')
  },
  clear(storage: Storage = window.sessionStorage): void {
    storage.removeItem(KEY)
  },
}

/** Whether the API offers OIDC sign-in. */
export async function oidcOffered(): Promise<boolean> {
  const api = createApiClient(undefined)
  return (await call(() => api.GET('/auth/methods'))).oidc
}

/**
 * Finishes a sign-in the provider sent back to /login/callback: the code
 * and state go to the API's /auth/callback (which checks them, PKCE and the
 * ID token, and sets the session cookie); they leave the address bar first.
 */
export async function finishSignIn(search: string): Promise<WhoAmI> {
  window.history.replaceState(null, '', '/login/callback')
  const res = await fetch(`/auth/callback${search}`, { credentials: 'same-origin', headers: { accept: 'application/json' } })
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined
    throw new Error(body?.error?.message ?? `sign-in failed (HTTP ${res.status})`)
  }
  ssoMarker.write()
  const api = createApiClient(undefined)
  return call(() => api.GET('/v1/whoami'))
}

/** Ends the session at the API; the provider's logout URL, if it has one. */
export async function endSession(): Promise<string | null> {
  const api = createApiClient(undefined)
  ssoMarker.clear()
  try {
    return (await call(() => api.POST('/auth/logout'))).end_session_url
  } catch {
    return null
  }
}
