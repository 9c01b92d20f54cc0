import { createServer, type Server } from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Provider from 'oidc-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { spawnCommand } from '../../bench/src/vigil-process.js'
import { killOnExit, stopChild } from '../support/children.js'
import { seriousViolations } from './support/axe.js'
import { findChromium, launchChromium } from './support/chromium.js'

// Signing in to the console with OIDC against a real provider (oidc-provider on loopback)
// and a real `vigil start`: the provider returns to the console's /login/callback, which
// hands code and state to the API's /auth/callback. console.test.ts says loudly when there is no browser.
const CHROMIUM = findChromium()
const SECRET = 'console-client-secret-0123456789abcdef'
const GROUPS: Record<string, string[]> = { carol: ['vigil-auditors'] }

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise((r) => s.close(r))
  return port
}

describe.runIf(CHROMIUM !== undefined)('OIDC sign-in in the web console', () => {
  let server: Server
  let browser: Browser
  let stop: () => Promise<void>
  let output: () => string
  let consoleUrl: string

  beforeAll(async () => {
    server = createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const apiPort = await freePort()
    consoleUrl = `http://127.0.0.1:${apiPort}`
    const provider = new Provider(issuer, {
      clients: [{ client_id: 'vigil-console', client_secret: SECRET, redirect_uris: [`${consoleUrl}/login/callback`] }],
      pkce: { methods: ['S256'], required: () => true },
      scopes: ['openid', 'profile', 'email', 'groups'],
      claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
      conformIdTokenClaims: false,
      findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@example.com`, groups: GROUPS[sub] ?? [] }) }),
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      features: { devInteractions: { enabled: false } },
      cookies: { keys: ['console-oidc-cookie-key-0123456789'] },
      loadExistingGrant: async (ctx) => {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! })
        grant.addOIDCScope('openid profile email groups')
        await grant.save()
        return grant
      },
    })
    const callback = provider.callback()
    server.on('request', (req, res) => {
      // The provider's login page: signs carol in, as she would by typing her password.
      if (req.url?.startsWith('/interaction/') === true) {
        void provider.interactionFinished(req, res, { login: { accountId: 'carol' } }, { mergeWithLastSubmission: false })
        return
      }
      callback(req, res)
    })
    const dir = mkdtempSync(join(tmpdir(), 'vigil-browser-oidc-'))
    const config = join(dir, 'vigil.yaml')
    writeFileSync(
      config,
      `data_dir: ${JSON.stringify(join(dir, 'data'))}
log_level: warn
ingest:
  port: 0
  tokens:
    - { cluster: local, token: oidc-browser-ingest-token-000001 }
api:
  port: ${apiPort}
  tokens:
    - { name: admin, role: admin, token: oidc-browser-admin-token-0000001 }
  oidc:
    issuer_url: ${issuer}
    client_id: vigil-console
    client_secret: ${SECRET}
    redirect_url: ${consoleUrl}/login/callback
    allow_insecure_issuer: true
    cookie_secure: false
    role_mappings:
      - { group: vigil-auditors, role: auditor }
`,
    )
    const testOnly = Object.fromEntries(['VIGIL_UPDATE_SCREENSHOTS', 'VIGIL_CHROMIUM', 'VIGIL_FIXTURES_DIR', 'VIGIL_TEST_LOG_LEVEL', 'VIGIL_UPDATE_GENERATED'].map((k) => [k, '']))
    const started = await spawnCommand(['start', '--config', config], testOnly, /console\s+(https?:\/\/\S+?)\/\s/, 90_000)
    killOnExit(started.child)
    output = started.output
    stop = async () => void (await stopChild(started.child))
    browser = await launchChromium(CHROMIUM as string)
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await stop?.()
    await new Promise((r) => server?.close(r))
  })

  it('offers single sign-on, signs carol in as an auditor, keeps the session out of URLs, storage and logs, and signs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' })
    const page = await context.newPage()
    const urls: string[] = []
    const logs: string[] = []
    page.on('framenavigated', (f) => urls.push(f.url()))
    page.on('console', (m) => logs.push(m.text()))
    await page.goto(`${consoleUrl}/findings`)
    const sso = page.getByRole('link', { name: 'Sign in with single sign-on' })
    await sso.waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await sso.click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    expect(await page.locator('.who').textContent()).toContain('oidc:carol@example.com')
    expect(await page.locator('.who').textContent()).toContain('auditor')
    expect(new URL(page.url()).pathname).toBe('/findings')
    // The code and state passed through the address bar only on the way in, and left it at once.
    expect(page.url()).not.toContain('code=')
    // The session is an httpOnly cookie: no script can read it, nothing is stored.
    expect(await page.evaluate<string>('document.cookie')).toBe('')
    expect(await page.evaluate<string[]>('Object.values(sessionStorage)')).toEqual(['1'])
    const cookie = (await context.cookies()).find((c) => c.name !== 'vigil_login' && c.domain === '127.0.0.1' && c.httpOnly)
    expect(cookie).toBeDefined()
    for (const u of urls) expect(u).not.toContain(cookie!.value)
    expect(logs.join('\n')).not.toContain(cookie!.value)
    expect(output()).not.toContain(cookie!.value)
    // The auditor's role holds: no triage, and the API refuses it for this session.
    await page.goto(`${consoleUrl}/findings`)
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    expect(await page.getByText('Triage every finding this filter matches').count()).toBe(0)
    expect(await page.evaluate(async () => (await fetch('/v1/findings/triage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter: {}, transition: { to: 'acknowledged', reason: 'x' } }) })).status)).toBe(403)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).waitFor()
    // The API ended the session: the cookie no longer works.
    await expect.poll(() => page.evaluate(async () => (await fetch('/v1/whoami')).status)).toBe(401)
    await context.close()
  })
})
