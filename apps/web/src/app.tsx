import { useCallback, useEffect, useMemo, useState } from 'preact/hooks'
import { ApiFailure, call, createApiClient, type WhoAmI } from './api/client'
import { FailureView } from './components/failure-view'
import { Link } from './components/link'
import { FindingPage } from './pages/finding'
import { FindingsPage } from './pages/findings'
import { HealthPage } from './pages/health'
import { AlertsPage } from './pages/alerts'
import { LoginPage } from './pages/login'
import { matchPath, navigate, useLocation } from './lib/router'
import { SessionContext, tokenStore, whoAmI, type Session } from './lib/session'
import { endSession, ssoMarker } from './lib/sso'
import { SsoCallback } from './components/sso-sign-in'

/** Only same-origin paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/findings'
}

function Shell({ session, path, children }: { session: Session; path: string; children: preact.ComponentChildren }) {
  const nav: [string, string][] = [
    ['/findings', 'Findings'],
    ['/health', 'Health'],
    ['/alerts', 'Alerts'],
  ]
  const scope = session.who.clusters === null ? 'all clusters' : session.who.clusters.join(', ')
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/findings" class="brand">
          <span aria-hidden="true">◉</span> vigil
        </Link>
        <nav aria-label="Console">
          <ul>
            {nav.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={path === href || path.startsWith(`${href}/`) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="who-name" title={`Token "${session.who.name}": role ${session.who.role}, ${scope}`}>
            {session.who.name} · <strong>{session.who.role}</strong> · {scope}
          </span>
          <button type="button" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {children}
    </>
  )
}

type Boot = { status: 'checking' } | { status: 'failed'; error: unknown } | { status: 'out'; notice?: string } | { status: 'in'; token: string | undefined; who: WhoAmI }

export function App() {
  const location = useLocation()
  const [boot, setBoot] = useState<Boot>(() => (tokenStore.read() === undefined && !ssoMarker.read() ? { status: 'out' } : { status: 'checking' }))
  const [attempt, setAttempt] = useState(0)

  const signOut = useCallback((notice?: string) => {
    tokenStore.clear()
    // An OIDC session ends at the API too (its cookie stops working at once).
    if (ssoMarker.read()) void endSession()
    setBoot({ status: 'out', notice })
  }, [])

  useEffect(() => {
    const token = tokenStore.read()
    if (token === undefined && !ssoMarker.read()) return
    whoAmI(token).then(
      (who) => setBoot({ status: 'in', token, who }),
      (error: unknown) => {
        if (error instanceof ApiFailure && error.kind === 'unauthorized') signOut('The API no longer accepts the saved token. Sign in again.')
        else setBoot({ status: 'failed', error })
      },
    )
  }, [attempt, signOut])

  const session = useMemo<Session | undefined>(() => {
    if (boot.status !== 'in') return undefined
    const api = createApiClient(boot.token)
    return {
      who: boot.who,
      api,
      signOut,
      call: async (request) => {
        try {
          return await call(() => request(api))
        } catch (err) {
          if (err instanceof ApiFailure && err.kind === 'unauthorized') signOut(`The API refused the token (${err.message}). Sign in again.`)
          throw err
        }
      },
    }
  }, [boot, signOut])

  // Signed out on any page but the login page: go there, remembering where to come back to.
  useEffect(() => {
    if (boot.status === 'out' && location.path !== '/login' && location.path !== '/login/callback') navigate(`/login?next=${encodeURIComponent(location.path + (location.query.toString() === '' ? '' : `?${location.query}`))}`, { replace: true })
    if (boot.status === 'in' && (location.path === '/login' || location.path === '/' || location.path === '/login/callback')) navigate(safeNext(location.query.get('next')), { replace: true })
  }, [boot.status, location.path])

  if (boot.status === 'checking') return <main id="main" class="page" aria-busy="true"><p>Checking your token…</p></main>
  if (boot.status === 'failed')
    return (
      <main id="main" class="page">
        <FailureView error={boot.error} what="check your token" onRetry={() => setAttempt((a) => a + 1)} />
        <button type="button" onClick={() => signOut()}>
          Sign in with another token
        </button>
      </main>
    )
  if (boot.status === 'out' && location.path === '/login/callback') return <SsoCallback onSignedIn={(who) => setBoot({ status: 'in', token: undefined, who })} />
  if (boot.status === 'out' || session === undefined) {
    return (
      <LoginPage
        notice={boot.status === 'out' ? boot.notice : undefined}
        onSignedIn={(token, who) => {
          tokenStore.write(token)
          setBoot({ status: 'in', token, who })
        }}
      />
    )
  }

  const finding = matchPath('/findings/:id', location.path)
  let page: preact.ComponentChildren
  if (finding !== undefined) page = <FindingPage id={finding['id'] as string} />
  else if (matchPath('/findings', location.path) !== undefined) page = <FindingsPage location={location} />
  else if (matchPath('/health', location.path) !== undefined) page = <HealthPage />
  else if (location.path === '/alerts' || location.path.startsWith('/alerts/')) page = <AlertsPage location={location} />
  else if (location.path === '/' || location.path === '/login' || location.path === '/login/callback') page = null
  else
    page = (
      <main id="main" class="page">
        <h1>Not found</h1>
        <p>
          The console has no page at <code>{location.path}</code>. <Link href="/findings">See the findings.</Link>
        </p>
      </main>
    )
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} path={location.path}>
        {page}
      </Shell>
    </SessionContext.Provider>
  )
}
