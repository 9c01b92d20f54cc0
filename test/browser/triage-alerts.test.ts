import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { startLocalServer } from '../../packages/alerts/test/local-server.js'
import { seriousViolations } from './support/axe.js'
import { findChromium, launchChromium } from './support/chromium.js'
import { postFalcoFixtures } from './support/console-vigil.js'
import { OPS_TOKENS, SLACK_PATH, startOpsVigil, type OpsVigil } from './support/ops-vigil.js'

// Triage (four eyes with two people), bulk triage, role limits and the alerts pages,
// in Debian's Chromium against `vigil start` with alerting routed to local HTTP servers.
// console.test.ts says loudly when there is no browser; this file skips with it.
const CHROMIUM = findChromium()
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))
const SHOTS = root('.vigil-test/screenshots')
const DOC_SHOTS = process.env['VIGIL_UPDATE_SCREENSHOTS'] === '1' ? root('docs/console') : undefined

describe.runIf(CHROMIUM !== undefined)('triage and alerts in the web console', () => {
  let vigil: OpsVigil
  let browser: Browser
  let slack: Awaited<ReturnType<typeof startLocalServer>>
  let soar: Awaited<ReturnType<typeof startLocalServer>>
  /** What the Slack server answers: a bad payload (a dead letter) until the test fixes it. */
  let slackStatus = 400
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    if (DOC_SHOTS !== undefined) mkdirSync(DOC_SHOTS, { recursive: true })
    slack = await startLocalServer((_r, res) => {
      res.writeHead(slackStatus)
      res.end(slackStatus === 200 ? 'ok' : 'invalid_blocks')
    })
    soar = await startLocalServer((_r, res) => {
      res.writeHead(204)
      res.end()
    })
    vigil = await startOpsVigil(slack.url(SLACK_PATH), soar.url('/hooks/vigil'))
    expect(await postFalcoFixtures(vigil.ingestUrl)).toBeGreaterThan(40)
    browser = await launchChromium(CHROMIUM as string)
  }, 180_000)

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined)
    await browser?.close()
    await vigil?.stop()
    await slack?.close()
    await soar?.close()
  })

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

  async function shot(page: Page, name: string, options: { fullPage?: boolean; docs?: boolean } = {}): Promise<void> {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: options.fullPage === true })
    if (DOC_SHOTS !== undefined && options.docs === true) await page.screenshot({ path: `${DOC_SHOTS}/${name}.png`, fullPage: options.fullPage === true })
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([])
  }

  async function signIn(page: Page, token: string, path: string): Promise<void> {
    await page.goto(`${vigil.url}${path}`)
    await page.getByLabel('API token').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
  }

  const api = async (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${vigil.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  /** The id of the first finding of a severity, through the API. */
  async function findingOf(severity: string, skip = 0): Promise<string> {
    const r = await api(OPS_TOKENS.admin, 'GET', `/v1/findings?severity=${severity}&limit=50`)
    const items = r.body['items'] as { finding_id: string }[]
    const f = items[skip]
    if (f === undefined) throw new Error(`no ${severity} finding number ${skip} in the fixtures`)
    return f.finding_id
  }

  const triage = (page: Page) => page.locator('.triage')

  it('offers no single sign-on when OIDC is not configured', async () => {
    const { page } = await newPage()
    await page.goto(`${vigil.url}/login`)
    await page.getByLabel('API token').waitFor()
    await expect.poll(async () => (await fetch(`${vigil.url}/auth/methods`)).json()).toEqual({ oidc: false })
    expect(await page.getByRole('link', { name: 'Sign in with single sign-on' }).count()).toBe(0)
  })

  it('acknowledges in one click and resolves in two, recording the disposition, ticket and reason', async () => {
    const id = await findingOf('medium')
    const { page } = await newPage()
    await signIn(page, OPS_TOKENS.alice, `/findings/${id}`)
    await page.getByRole('heading', { name: 'Triage' }).waitFor()
    await expect.poll(() => triage(page).locator('.state-badge').textContent()).toContain('Open')
    await page.getByRole('button', { name: 'Acknowledge' }).click()
    await expect.poll(() => triage(page).locator('.state-badge').textContent()).toContain('Acknowledged')
    expect(await triage(page).locator('.triage-history li').count()).toBe(1)

    await page.getByRole('button', { name: 'Resolve…' }).click()
    await page.getByRole('radio', { name: /Approved change/ }).check()
    await page.getByLabel('Reason').fill('Planned rotation of the payments secret')
    // Without the ticket the form says what is missing, and nothing is sent.
    await page.getByRole('button', { name: 'Resolve', exact: true }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('ticket')
    await page.getByLabel(/Ticket or change reference/).fill('CHG-4711')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Resolve', exact: true }).click()
    await expect.poll(() => triage(page).locator('.state-badge').textContent()).toContain('Resolved: Approved change')
    const history = await triage(page).locator('.triage-history').textContent()
    expect(history).toContain('Planned rotation of the payments secret')
    expect(history).toContain('CHG-4711')
    expect(history).toContain('alice')
    // The API agrees: the page showed what was stored.
    const stored = await api(OPS_TOKENS.admin, 'GET', `/v1/findings/${id}/reviews`)
    expect(stored.body).toMatchObject({ state: 'resolved', disposition: 'approved_change' })
    expect((stored.body['transitions'] as { ticket: string | null }[]).at(-1)?.ticket).toBe('CHG-4711')
  })

  it('resolves an open finding straight away: it is acknowledged and resolved, two rows', async () => {
    const id = await findingOf('low')
    const { page } = await newPage()
    await signIn(page, OPS_TOKENS.bob, `/findings/${id}`)
    await page.getByRole('button', { name: 'Resolve…' }).click()
    await page.getByLabel('Reason').fill('Confirmed with the owner; access removed')
    await page.getByRole('button', { name: 'Resolve', exact: true }).click()
    await expect.poll(() => triage(page).locator('.state-badge').textContent()).toContain('Resolved: True positive')
    expect(await triage(page).locator('.triage-history li').count()).toBe(2)
  })

  it('needs four eyes for a high finding accepted as a risk: alice asks, alice cannot approve, bob approves', async () => {
    const id = await findingOf('high')
    const alice = (await newPage()).page
    await signIn(alice, OPS_TOKENS.alice, `/findings/${id}`)
    await alice.getByRole('button', { name: 'Resolve…' }).click()
    await alice.getByRole('radio', { name: /Risk accepted/ }).check()
    await alice.getByLabel('Reason').fill('Break-glass account, reviewed quarterly')
    const inMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    await alice.getByLabel(/Accepted until/).fill(inMonth)
    await expect.poll(() => alice.locator('.four-eyes-note').textContent()).toContain('a different person approves it')
    await alice.getByRole('button', { name: 'Request approval' }).click()
    await alice.locator('.pending').waitFor()
    expect(await alice.locator('.pending').textContent()).toContain('alice asked to resolve this as Risk accepted')
    // The request does not resolve it yet, and its author is offered no approval.
    expect(await triage(alice).locator('.state-badge').textContent()).toContain('Acknowledged')
    expect(await alice.getByRole('button', { name: 'Review the request…' }).count()).toBe(0)
    expect(await alice.getByText('four eyes needs someone else').count()).toBe(1)
    await expectAccessible(alice)
    await shot(alice, 'triage-pending', { fullPage: false, docs: true })
    // The API refuses her approval too.
    const self = await api(OPS_TOKENS.alice, 'POST', `/v1/findings/${id}/approvals`, { approve: true, reason: 'me again' })
    expect(self.status).toBe(409)
    expect(JSON.stringify(self.body)).toContain('same_approver')

    const bob = (await newPage()).page
    await signIn(bob, OPS_TOKENS.bob, `/findings/${id}`)
    await bob.getByRole('button', { name: 'Review the request…' }).click()
    await bob.getByLabel('Reason').fill('Checked the break-glass runbook')
    await expectAccessible(bob)
    await bob.getByRole('button', { name: 'Approve' }).click()
    await expect.poll(() => triage(bob).locator('.state-badge').textContent()).toContain('Resolved: Risk accepted')
    expect(await bob.locator('.pending').count()).toBe(0)
    const history = await triage(bob).locator('.triage-history').allTextContents()
    expect(history.join(' ')).toMatch(/alice[\s\S]*asked a second person to approve[\s\S]*bob[\s\S]*approved/)
    await shot(bob, 'triage-approved', { fullPage: true, docs: true })
  })

  it('bulk-triages the current filter: a dry-run count first, then the confirmed run', async () => {
    const { page } = await newPage()
    await signIn(page, OPS_TOKENS.admin, '/findings?severity=info')
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^\d+ findings?$/)
    const listed = Number(/^(\d+)/.exec((await page.getByRole('status').first().textContent()) ?? '')?.[1])
    expect(listed).toBeGreaterThan(0)
    let applied = false
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/findings/triage') && (r.postDataJSON() as { dry_run: boolean }).dry_run === false) applied = true
    })
    await page.getByText('Triage every finding this filter matches').click()
    await page.getByLabel('Action').selectOption('acknowledged')
    await page.getByLabel('Reason').fill('Informational noise from the test cluster; triaged in bulk')
    await page.getByRole('button', { name: 'Count matching findings' }).click()
    await expect.poll(() => page.locator('.bulk-confirm').textContent()).toContain(`matches ${listed} finding`)
    // Counting changed nothing.
    expect(applied).toBe(false)
    await expectAccessible(page)
    await shot(page, 'bulk-triage', { docs: true })
    await page.getByRole('button', { name: `Acknowledge ${listed} finding${listed === 1 ? '' : 's'}` }).click()
    await expect.poll(() => page.locator('.bulk-result').textContent()).toContain(`Applied to ${listed} of ${listed}`)
    expect(applied).toBe(true)
    const one = await findingOf('info')
    expect((await api(OPS_TOKENS.admin, 'GET', `/v1/findings/${one}/reviews`)).body['state']).toBe('acknowledged')
    // A second run skips them all, and says why.
    await page.getByRole('button', { name: 'Count matching findings' }).click()
    await page.getByRole('button', { name: /^Acknowledge \d+ finding/ }).click()
    await expect.poll(() => page.locator('.bulk-result').textContent()).toContain(`Applied to 0 of ${listed}; ${listed} skipped`)
  })

  it('shows an auditor no triage controls, and the API still refuses the auditor (403)', async () => {
    const id = await findingOf('high', 1)
    const { page } = await newPage()
    await signIn(page, OPS_TOKENS.auditor, `/findings/${id}`)
    await page.getByRole('heading', { name: 'History' }).waitFor()
    expect(await triage(page).getByRole('button').count()).toBe(0)
    expect(await page.getByText('Your role (auditor) reads the triage; it cannot triage.').count()).toBe(1)
    await page.goto(`${vigil.url}/findings`)
    await page.getByRole('heading', { name: 'Findings' }).waitFor()
    expect(await page.getByText('Triage every finding this filter matches').count()).toBe(0)
    await page.goto(`${vigil.url}/alerts/silences`)
    await page.getByRole('heading', { name: 'Alerts: Silences' }).waitFor()
    expect(await page.getByText('New silence').count()).toBe(0)
    await expectAccessible(page)
    // The console hid them; the API enforces it.
    const direct = await page.evaluate(async ({ token, id }) => {
      const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status)
      return [
        await post(`/v1/findings/${id}/transitions`, { to: 'acknowledged', reason: 'auditors may not' }),
        await post('/v1/findings/triage', { filter: {}, transition: { to: 'acknowledged', reason: 'no' }, dry_run: true }),
        await post('/v1/silences', { matchers: [{ name: 'cluster', op: '=', value: 'local' }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), comment: 'no' }),
      ]
    }, { token: OPS_TOKENS.auditor, id })
    expect(direct).toEqual([403, 403, 403])
  })

  it('shows alert groups with their delivery state, and replays a dead letter once the sink is fixed', async () => {
    const { page } = await newPage()
    await signIn(page, OPS_TOKENS.alice, '/alerts')
    await page.getByRole('heading', { name: 'Alerts: Groups' }).waitFor()
    await expect.poll(async () => { await page.reload(); return page.locator('.ops-table tbody tr').count() }, { timeout: 30_000 }).toBeGreaterThan(0)
    await expect.poll(async () => { await page.reload(); return page.locator('.ops-table').textContent() }, { timeout: 30_000 }).toMatch(/dead/)
    expect(await page.locator('.ops-table').textContent()).toContain('everything')
    await expectAccessible(page)
    await shot(page, 'alerts-groups', { docs: true })

    await page.getByRole('navigation', { name: 'Alerts' }).getByRole('link', { name: 'Notifications' }).click()
    await page.getByLabel('Delivery state').selectOption('dead')
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('dead')
    // Slack's 400 (a payload it refuses) makes dead letters with the reason in Slack's words.
    const dead = page.locator('.notifications tbody tr', { hasText: 'client_error: invalid_blocks' })
    await expect.poll(() => dead.count()).toBeGreaterThan(0)
    for (const t of await page.locator('.notifications tbody tr').allTextContents()) expect(t).toContain('dead letter')
    expect(await page.locator('main').textContent()).not.toContain('consoleSlackSecretPart')
    await expectAccessible(page)
    await shot(page, 'alerts-dead-letters', { docs: true })
    const id = await dead.first().getAttribute('data-id')
    const before = slack.received.length
    slackStatus = 200
    await dead.first().getByRole('button', { name: /^Replay/ }).click()
    await page.getByText(/Queued again: 1 dead letter/).waitFor()
    await expect.poll(() => slack.received.length, { timeout: 30_000 }).toBeGreaterThan(before)
    await page.getByLabel('Delivery state').selectOption('delivered')
    await expect.poll(async () => { await page.reload(); return page.locator(`.notifications tr[data-id="${id}"]`).textContent() }, { timeout: 30_000 }).toContain('delivered')
  })

  it('creates a silence with matchers, a window and a comment, and expires it', async () => {
    const { page } = await newPage()
    await signIn(page, OPS_TOKENS.alice, '/alerts/silences')
    await page.getByText('New silence').click()
    await page.getByLabel('Value 1').fill('local')
    await page.getByRole('button', { name: 'Add a matcher' }).click()
    await page.getByLabel('Field 2').selectOption('rule_id')
    await page.getByLabel('Test 2').selectOption('=~')
    await page.getByLabel('Value 2').fill('rbac\\..*')
    // The comment is required: the form says so before the API would.
    await page.getByRole('button', { name: 'Create silence' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('A comment is required')
    await page.getByLabel('Comment').fill('Cluster upgrade, RBAC churn expected')
    await expectAccessible(page)
    await shot(page, 'alerts-silence-form', { fullPage: true })
    await page.getByRole('button', { name: 'Create silence' }).click()
    const row = page.locator('.silences tbody tr', { hasText: 'Cluster upgrade, RBAC churn expected' })
    await expect.poll(() => row.textContent()).toContain('active')
    expect(await row.textContent()).toContain('cluster="local", rule_id=~"rbac\\\\..*"')
    expect(await row.textContent()).toContain('alice')
    await shot(page, 'alerts-silences', { docs: true })
    await row.getByRole('button', { name: /^Expire/ }).click()
    await expect.poll(() => row.textContent()).toContain('expired')
    expect(await row.getByRole('button').count()).toBe(0)
    const listed = await api(OPS_TOKENS.admin, 'GET', '/v1/silences')
    expect((listed.body['items'] as { comment: string; state: string }[]).find((s) => s.comment === 'Cluster upgrade, RBAC churn expected')?.state).toBe('expired')
  })

  it('lists sinks with their secrets masked, and sends a test through the real delivery path', async () => {
    const { page } = await newPage()
    await signIn(page, OPS_TOKENS.alice, '/alerts/sinks')
    const soarRow = page.locator('.sinks tbody tr', { hasText: 'soar' })
    await soarRow.waitFor()
    const text = (await page.locator('.sinks').textContent()) ?? ''
    expect(text).not.toContain('consoleSlackSecretPart')
    expect(text).not.toContain('whsec_')
    expect(text).toContain('http://127.0.0.1')
    const before = soar.received.length
    await soarRow.getByRole('button', { name: 'Send test to soar' }).click()
    await expect.poll(() => soarRow.locator('.sink-test').textContent(), { timeout: 30_000 }).toContain('delivered')
    expect(soar.received.length).toBeGreaterThan(before)
    expect(soar.received.at(-1)?.headers['webhook-signature']).toMatch(/^v1,/)
    await expectAccessible(page)
    await shot(page, 'alerts-sinks', { docs: true })
  })

  it('works on a 375 px phone: triage and the alerts pages fit', async () => {
    const id = await findingOf('medium', 1)
    const { page } = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
    await signIn(page, OPS_TOKENS.bob, `/findings/${id}`)
    await page.getByRole('button', { name: 'Resolve…' }).click()
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await expectAccessible(page)
    await shot(page, 'triage-phone', { docs: true })
    for (const path of ['/alerts', '/alerts/notifications', '/alerts/silences', '/alerts/sinks']) {
      await page.goto(`${vigil.url}${path}`)
      await page.getByRole('heading', { name: /^Alerts: / }).waitFor()
      await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' })
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), path).toBeLessThanOrEqual(375)
      await expectAccessible(page)
    }
    await shot(page, 'alerts-sinks-phone')
  })
})
