import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { seriousViolations } from './support/axe.js'
import { findChromium, launchChromium } from './support/chromium.js'
import { postFalcoFixtures, postStagingEvents, startConsoleVigil, TOKENS, type ConsoleVigil } from './support/console-vigil.js'

const CHROMIUM = findChromium()
const IN_CI = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== '0' && process.env['CI'] !== 'false'
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))
/** Every run saves screenshots here; VIGIL_UPDATE_SCREENSHOTS=1 also refreshes the ones in docs/. */
const SHOTS = root('.vigil-test/screenshots')
const DOC_SHOTS = process.env['VIGIL_UPDATE_SCREENSHOTS'] === '1' ? root('docs/console') : undefined

if (CHROMIUM === undefined && !IN_CI) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the web console's browser tests. No Chromium at /usr/bin/chromium\n!! (or VIGIL_CHROMIUM). Install Debian's package: apt-get install -y chromium\n${'!'.repeat(78)}\n`,
  )
}

describe.runIf(CHROMIUM === undefined && IN_CI)('the web console in Chromium (CI)', () => {
  it('has a browser', () => {
    expect.fail('CI must run the browser tests: .ci/run installs Debian\'s chromium when it is missing; it is not at /usr/bin/chromium')
  })
})

describe.runIf(CHROMIUM !== undefined)('the web console in Chromium against vigil start', () => {
  let vigil: ConsoleVigil
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    if (DOC_SHOTS !== undefined) mkdirSync(DOC_SHOTS, { recursive: true })
    vigil = await startConsoleVigil()
    expect(await postFalcoFixtures(vigil.ingestUrl)).toBeGreaterThan(40)
    expect(await postStagingEvents(vigil.ingestUrl)).toEqual({ accepted: 1, duplicates: 0, dead_lettered: 1 })
    browser = await launchChromium(CHROMIUM as string)
  }, 180_000)

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined)
    await browser?.close()
    await vigil?.stop()
  })

  /** A fresh browser profile per test: its own session storage, Berlin time, an English locale. */
  async function newPage(options: BrowserContextOptions = {}): Promise<{ page: Page; logs: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, timezoneId: 'Europe/Berlin', locale: 'en-GB', ...options })
    contexts.push(context)
    const page = await context.newPage()
    const logs: string[] = []
    page.on('console', (m) => logs.push(m.text()))
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`))
    page.on('request', (r) => logs.push(`request: ${r.url()}`))
    return { page, logs }
  }

  /** Saves a screenshot; those marked for the docs also go to docs/console/ when refreshing them. */
  async function shot(page: Page, name: string, options: { fullPage?: boolean; docs?: boolean } = {}): Promise<void> {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: options.fullPage === true })
    if (DOC_SHOTS !== undefined && options.docs === true) await page.screenshot({ path: `${DOC_SHOTS}/${name}.png`, fullPage: options.fullPage === true })
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([])
  }

  async function signIn(page: Page, token: string, path = '/findings'): Promise<void> {
    await page.goto(`${vigil.url}${path}`)
    await page.getByLabel('API token').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
  }

  const rows = (page: Page) => page.locator('.fbody [role="row"]')

  it('serves the console from the api origin, with a content security policy', async () => {
    const res = await fetch(`${vigil.url}/findings?severity=high`, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await res.text()).toContain('<div id="app">')
    expect((await fetch(`${vigil.url}/no-such-page`)).status).toBe(404)
  })

  it('asks for a token, refuses an unknown one, and keeps the good one out of URLs and logs', async () => {
    const { page, logs } = await newPage()
    await page.goto(`${vigil.url}/findings?severity=high`)
    await page.getByLabel('API token').waitFor()
    expect(new URL(page.url()).pathname).toBe('/login')
    await expectAccessible(page)
    await shot(page, 'login', { docs: true })

    await page.getByLabel('API token').fill('not-a-token-anyone-configured')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not know this token')

    await page.getByLabel('API token').fill(TOKENS.admin)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Findings' }).waitFor()
    // Back where the link pointed, filters and all.
    expect(new URL(page.url()).search).toBe('?severity=high')
    expect(await page.evaluate<string[]>('Object.values(sessionStorage)')).toContain(TOKENS.admin)
    expect(await page.evaluate<string[]>('Object.keys(localStorage)')).toEqual([])
    expect(page.url()).not.toContain(TOKENS.admin)
    expect(logs.filter((l) => l.includes(TOKENS.admin))).toEqual([])
    expect(vigil.output()).not.toContain(TOKENS.admin)
  })

  it('lists findings, filters them through the URL, sorts them and moves by keyboard', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.admin)
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^\d+ findings/)
    const total = Number(/^(\d+)/.exec((await page.getByRole('status').first().textContent()) ?? '')?.[1])
    expect(total).toBeGreaterThan(40)
    expect(await page.getByRole('table', { name: 'Findings' }).getAttribute('aria-rowcount')).toBe(String(total + 1))
    await expectAccessible(page)
    await shot(page, 'findings', { docs: true })

    // Severity filter: the URL carries it, every row shows it in words.
    await page.getByRole('checkbox', { name: /high/ }).check()
    await expect.poll(() => new URL(page.url()).searchParams.get('severity')).toBe('high')
    await expect.poll(async () => (await rows(page).locator('.c-sev').allTextContents()).length).toBeGreaterThan(0)
    for (const t of await rows(page).locator('.c-sev').allTextContents()) expect(t).toContain('high')

    // A shared link opens the same list.
    await page.goto(`${vigil.url}/findings?rule_id=rbac.cluster-admin-binding`)
    await expect.poll(() => rows(page).count()).toBe(1)
    await expect.poll(() => page.getByLabel('Rule id').inputValue()).toBe('rbac.cluster-admin-binding')

    // Sort by severity, highest first: the header says so, and the order does.
    await page.goto(`${vigil.url}/findings`)
    await expect.poll(() => rows(page).count()).toBeGreaterThan(5)
    await page.getByRole('button', { name: 'Severity' }).click()
    await page.getByRole('button', { name: 'Severity' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('severity:desc')
    expect(await page.getByRole('columnheader', { name: 'Severity' }).getAttribute('aria-sort')).toBe('descending')
    const order = ['critical', 'high', 'medium', 'low', 'info']
    const seen = (await rows(page).locator('.sev').allTextContents()).map((t) => order.findIndex((s) => t.includes(s)))
    expect(seen).toEqual([...seen].sort((a, b) => a - b))

    // Keyboard: the arrow keys walk the rows, Enter opens one.
    const links = rows(page).locator('.c-rule a')
    await links.first().focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await page.evaluate<string | undefined>("document.activeElement?.closest('[data-index]')?.getAttribute('data-index')")).toBe('2')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Why it fired' }).waitFor()
    expect(new URL(page.url()).pathname).toMatch(/^\/findings\/[0-9a-f]{32}$/)
  })

  it('shows a finding: why, evidence, controls, the raw event with matched fields, and the user\'s activity', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.admin, '/findings?rule_id=rbac.cluster-admin-binding')
    await rows(page).locator('.c-rule a').first().click()
    await page.getByRole('heading', { name: 'Why it fired' }).waitFor()
    await expect.poll(() => page.locator('.timeline li').count()).toBeGreaterThan(0)
    expect(await page.locator('.reason').textContent()).not.toBe('')
    // The rule's description comes from GET /v1/rules/{id}, with a link to the rule's page.
    await page.locator('.rule-description').waitFor()
    expect(await page.locator('.rule-description').textContent()).toMatch(/\(rbac\.cluster-admin-binding, version \d+\): \S/)
    expect(await page.locator('.rule-description a').getAttribute('href')).toBe('/rules/rbac.cluster-admin-binding')
    expect(await page.locator('.evidence tbody tr').count()).toBeGreaterThan(0)
    expect(await page.locator('.controls li').count()).toBeGreaterThan(0)
    // Every evidence field is marked in the raw event, and the word "matched" says so without colour.
    const fields = await page.locator('.evidence tbody th').allTextContents()
    for (const f of fields) {
      const node = page.locator(`.raw-event [data-path="${f}"]`)
      if ((await node.count()) === 0) continue
      expect(await node.first().getAttribute('class')).toContain('j-match')
    }
    expect(await page.locator('.raw-event .j-match').count()).toBeGreaterThan(0)
    expect(await page.locator('.timeline .tl-self').count()).toBe(1)
    // Local time on the page, UTC on hover.
    const time = page.locator('.facts time').first()
    expect(await time.getAttribute('title')).toMatch(/UTC$/)
    expect(await time.textContent()).not.toContain('UTC')
    await expectAccessible(page)
    await shot(page, 'finding', { fullPage: true, docs: true })
    // A link to a finding (what a page sends) opens it directly.
    await page.reload()
    await page.getByRole('heading', { name: 'Why it fired' }).waitFor()

    // The raw event folds.
    await page.getByRole('button', { name: 'Collapse all' }).click()
    expect(await page.locator('.raw-event details[open]').count()).toBe(1)
    await page.getByRole('button', { name: 'Expand all' }).click()
    expect(await page.locator('.raw-event details:not([open])').count()).toBe(0)
  })

  it('shows health: ingest per cluster from /metrics, and dead letters for an admin', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.admin, '/health')
    await page.getByRole('heading', { name: 'Ingest per cluster' }).waitFor()
    const local = page.getByRole('row', { name: /^local/ })
    await expect.poll(() => local.textContent()).toMatch(/local\d+/)
    // A second read of /metrics gives a rate.
    await expect.poll(() => local.textContent(), { timeout: 20_000 }).toMatch(/\d\/s/)
    // The broken item posted as staging; duplicates are recorded as dead letters of their own.
    const invalid = page.locator('.dead-letters tbody tr', { hasText: 'invalid_event' })
    await expect.poll(() => invalid.count()).toBe(1)
    expect(await invalid.textContent()).toContain('staging')
    await expectAccessible(page)
    await shot(page, 'health', { fullPage: true, docs: true })
  })

  it('follows the role: an auditor sees no dead letters, and the API still refuses them', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.auditor, '/health')
    expect(await page.locator('.who').textContent()).toContain('auditor')
    await page.getByText(/Your role \(auditor\) cannot read dead letters/).waitFor()
    expect(await page.locator('.dead-letters').count()).toBe(0)
    const status = await page.evaluate(async (token) => (await fetch('/v1/dead-letters', { headers: { authorization: `Bearer ${token}` } })).status, TOKENS.auditor)
    expect(status).toBe(403)
    await expectAccessible(page)
  })

  it('follows the cluster scope: the staging analyst sees only staging', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.stagingAnalyst)
    await expect.poll(() => rows(page).count()).toBeGreaterThan(0)
    for (const c of await rows(page).locator('.c-cluster').allTextContents()) expect(c).toContain('staging')
    expect(await page.getByLabel('Cluster').locator('option').allTextContents()).toEqual(['All of mine (staging)', 'staging'])
  })

  it('returns to login on a 401 and says why', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.admin)
    await page.evaluate("for (const k of Object.keys(sessionStorage)) sessionStorage.setItem(k, 'a-token-that-was-revoked')")
    await page.reload()
    await page.getByLabel('API token').waitFor()
    expect(await page.getByRole('status').textContent()).toContain('no longer accepts')
    expect(new URL(page.url()).pathname).toBe('/login')
  })

  it('offers a retry when the API does not answer', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.admin, '/health')
    await page.route('**/v1/findings?*', (route) => route.abort('connectionrefused'))
    await page.getByRole('link', { name: 'Findings' }).click()
    await page.getByRole('heading', { name: /did not answer/ }).waitFor()
    await expectAccessible(page)
    await shot(page, 'network-failure')
    await page.unroute('**/v1/findings?*')
    await page.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => rows(page).count()).toBeGreaterThan(5)
  })

  it('loads 100,000 findings page by page and keeps only the rows in view in the DOM', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.admin, '/health')
    const SEVERITY = ['critical', 'high', 'medium', 'low', 'info']
    // The API's own page format, served by the browser for a list larger than the fixtures make.
    await page.route('**/v1/findings?*', async (route) => {
      const url = new URL(route.request().url())
      const offset = Number(url.searchParams.get('cursor') ?? '0')
      const limit = Number(url.searchParams.get('limit'))
      const items = Array.from({ length: Math.min(limit, 100_000 - offset) }, (_, k) => {
        const i = offset + k
        return { finding_id: i.toString(16).padStart(32, '0'), rule_id: `rule.n${i % 9}`, rule_version: '1', severity: SEVERITY[i % 5], title: `Synthetic finding ${i}`, cluster: 'local', audit_id: `a${i}`, stage: 'ResponseComplete', event_time: new Date(Date.UTC(2026, 10, 1) - i * 1000).toISOString(), user: `user${i % 50}`, verb: 'get', resource: 'secrets', namespace: 'ns', name: `s${i}`, reason: 'r', output: '', evidence: {}, tags: [], controls: [] }
      })
      const next = offset + items.length < 100_000 ? String(offset + items.length) : null
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items, next_cursor: next }) })
    })
    await page.getByRole('link', { name: 'Findings' }).click()
    await expect.poll(() => rows(page).count()).toBeGreaterThan(5)
    await page.getByRole('button', { name: 'Age' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('age:desc')
    await page.getByRole('button', { name: 'Load all to sort everything' }).click()
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 60_000 }).toBe('100,000 findings')
    expect(await rows(page).count()).toBeLessThan(80)
    await page.evaluate("const b = document.querySelector('.fbody'); b.scrollTop = b.scrollHeight")
    await expect.poll(() => rows(page).last().textContent()).toContain('Synthetic finding 0')
    expect(await rows(page).count()).toBeLessThan(80)
    expect(await rows(page).first().getAttribute('aria-rowindex')).not.toBe('2')
  })

  it('works on a 375 px phone', async () => {
    const { page } = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
    await signIn(page, TOKENS.admin)
    await expect.poll(() => rows(page).count()).toBeGreaterThan(3)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await expectAccessible(page)
    await shot(page, 'findings-phone', { docs: true })
    await rows(page).locator('.c-rule a').first().click()
    await page.getByRole('heading', { name: 'Why it fired' }).waitFor()
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await expectAccessible(page)
    await shot(page, 'finding-phone', { docs: true })
  })
})
