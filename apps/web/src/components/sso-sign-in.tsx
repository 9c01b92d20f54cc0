import { useEffect, useState } from 'preact/hooks'
import type { WhoAmI } from '../api/client'
import { finishSignIn, oidcOffered } from '../lib/sso'
import './ops.css'

/** "Sign in with single sign-on", shown only when the API offers OIDC. A plain link: the API redirects to the provider. */
export function SsoButton() {
  const [offered, setOffered] = useState(false)
  useEffect(() => {
    let live = true
    oidcOffered().then(
      (o) => live && setOffered(o),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [])
  if (!offered) return null
  return (
    <div class="card sso">
      <a class="button primary" href="/auth/login">
        Sign in with single sign-on
      </a>
      <p class="help">Your identity provider signs you in; vigil keeps the session in an httpOnly cookie, never in this page or its address.</p>
    </div>
  )
}

/** Where the provider sends the browser back: finishes the sign-in, or says why it failed. */
export function SsoCallback({ onSignedIn }: { onSignedIn: (who: WhoAmI) => void }) {
  const [error, setError] = useState<string | undefined>(undefined)
  useEffect(() => {
    finishSignIn(window.location.search).then(onSignedIn, (err: unknown) => setError(err instanceof Error ? err.message : String(err)))
  }, [])
  return (
    <main id="main" class="login">
      <h1>Signing in…</h1>
      {error === undefined ? (
        <p aria-busy="true">Checking the sign-in with vigil.</p>
      ) : (
        <div role="alert" class="form-error">
          <p>{error}</p>
          <p>
            <a href="/login">Back to sign-in</a>
          </p>
        </div>
      )}
    </main>
  )
}
