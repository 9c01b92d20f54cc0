import { useState } from 'preact/hooks'
import { ApiFailure, type WhoAmI } from '../api/client'
import { whoAmI } from '../lib/session'
import { SsoButton } from '../components/sso-sign-in'

export interface LoginProps {
  /** Why the reader is here again (a refused token), if they were signed in. */
  notice: string | undefined
  onSignedIn: (token: string, who: WhoAmI) => void
}

/** Paste an API token; the console asks the API who it is before keeping it. */
export function LoginPage({ notice, onSignedIn }: LoginProps) {
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; retry: boolean } | undefined>(undefined)

  const submit = async (e?: Event) => {
    e?.preventDefault()
    const t = token.trim()
    if (t === '') {
      setError({ message: 'Paste an API token first.', retry: false })
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      const who = await whoAmI(t)
      onSignedIn(t, who)
    } catch (err) {
      const f = err instanceof ApiFailure ? err : undefined
      if (f?.kind === 'unauthorized') setError({ message: `The API does not know this token (${f.message}).`, retry: false })
      else if (f?.retriable === true) setError({ message: 'The vigil API did not answer. Check that vigil is running, then retry.', retry: true })
      else setError({ message: f?.message ?? String(err), retry: false })
    } finally {
      setBusy(false)
    }
  }

  return (
    <main id="main" class="login">
      <h1>
        <span class="brand-mark" aria-hidden="true">
          ◉
        </span>{' '}
        vigil console
      </h1>
      <p class="lede">Findings and evidence from your clusters' audit logs.</p>
      {notice !== undefined ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} class="card">
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={token}
          onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="token-help"
          aria-invalid={error !== undefined && !error.retry}
        />
        <p id="token-help" class="help">
          <code>vigil start</code> prints an admin token and saves it to <code>data/admin-token</code>. The token stays in this tab's session storage until you sign out or close the tab.
        </p>
        {error !== undefined ? (
          <div role="alert" class="form-error">
            <p>{error.message}</p>
            {error.retry ? (
              <button type="button" onClick={() => void submit()}>
                Retry
              </button>
            ) : null}
          </div>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <SsoButton />
    </main>
  )
}
