import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { seriousViolations } from './support/axe.js'
import { findChromium, launchChromium } from './support/chromium.js'
import { postFalcoFixtures, postStagingEvents, startConsoleVigil, TOKENS, type ConsoleVigil } from './support/console-vigil.js'
import { postRecentFalcoEvents } from './support/recent-events.js'

const CHROMIUM = findChromium()
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))
const SHOTS = root('.vigil-test/screenshots')
/** VIGIL_UPDATE_SCREENSHOTS=1 (npm run screenshots) refreshes the ones in docs/console/. */
const DOC_SHOTS = process.env['VIGIL_UPDATE_SCREENSHOTS'] === '1' ? root('docs/console') : undefined
// test/browser/console.test.ts says loudly when there is no Chromium, and fails under CI.

/** The current quarter, as the pages default to it. */
function quarter(now: Date): { start: string; end: string } {
  const q = Math.floor(now.getUTCMonth() / 3)
  const day = (d: Date) => d.toISOString().slice(0, 10)
  return { start: day(new Date(Date.UTC(now.getUTCFullYear(), q * 3, 1))), end: day(new Date(Date.UTC(now.getUTCFullYear(), q * 3 + 3, 1))) }
}

describe.runIf(CHROMIUM !== undefined)('the compliance and rules pages in Chromium against vigil start', () => {
  let vigil: ConsoleVigil
  let browser: Browser
  const contexts: BrowserContext[] = []
  const now = new Date()
  const q = quarter(now)
  // Days back from now that fall inside the current quarter (today included).
  const days = [0, 1, 2, 4, 7, 11, 16, 23, 31, 42, 55, 70, 85].filter((d) => new Date(now.getTime() - d * 86_400_000 - 3_600_000).toISOString().slice(0, 10) >= q.start)

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    if (DOC_SHOTS !== undefined) mkdirSync(DOC_SHOTS, { recursive: true })
    vigil = await startConsoleVigil()
    expect(await postFalcoFixtures(vigil.ingestUrl)).toBeGreaterThan(40)
    expect(await postRecentFalcoEvents(vigil.ingestUrl, TOKENS.ingest, now, days)).toBeGreaterThan(40 * days.length)
    expect((await postStagingEvents(vigil.ingestUrl)).accepted).toBe(1)
    browser = await launchChromium(CHROMIUM as string)
  }, 180_000)

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined)
    await browser?.close()
    await vigil?.stop()
  })

  async function newPage(options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-GB', acceptDownloads: true, ...options })
    contexts.push(context)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    return { page, errors }
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

  const tiles = (page: Page) => page.locator('a.tile')

  it('shows every control of the three frameworks as a heat map, status in words, and opens one by keyboard', async () => {
    const { page, errors } = await newPage()
    await signIn(page, TOKENS.admin, '/compliance')
    await page.getByRole('heading', { name: /^SOC 2/ }).waitFor({ timeout: 60_000 })
    await page.getByRole('heading', { name: /^HIPAA/ }).waitFor()
    await page.getByRole('heading', { name: /^GDPR/ }).waitFor()
    // The default period is the current quarter, carried to every tile's link.
    expect(await page.locator('.page-head').textContent()).toContain(`Q${Math.floor(now.getUTCMonth() / 3) + 1} ${now.getUTCFullYear()}`)
    const count = await tiles(page).count()
    expect(count).toBeGreaterThan(10)
    for (const t of await tiles(page).all()) {
      expect(await t.getAttribute('href')).toContain(`start=${q.start}&end=${q.end}`)
      expect(await t.locator('.tile-status').textContent()).toMatch(/Operating|Exceptions noted|Not operating|Insufficient evidence|Not applicable/)
    }
    // The API's own summary agrees, control for control.
    const summary = (await page.evaluate(async ({ token, start, end }) => (await fetch(`/v1/frameworks/soc2/summary?start=${start}&end=${end}`, { headers: { authorization: `Bearer ${token}` } })).json(), { token: TOKENS.admin, start: q.start, end: q.end })) as { controls: { id: string; status: string }[] }
    const soc2 = page.locator('section', { has: page.getByRole('heading', { name: /^SOC 2/ }) }).locator('a.tile')
    expect(await soc2.locator('.tile-id').allTextContents()).toEqual(summary.controls.map((c) => c.id))
    expect(summary.controls.some((c) => c.status !== 'not_applicable')).toBe(true)
    await expectAccessible(page)
    await shot(page, 'compliance', { fullPage: true, docs: true })

    // Keyboard: focus the first tile, walk right with the arrow key, open with Enter.
    await soc2.first().focus()
    await page.keyboard.press('ArrowRight')
    const second = summary.controls[1]?.id as string
    expect(await page.evaluate<string | undefined>("document.activeElement?.querySelector('.tile-id')?.textContent")).toBe(second)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Coverage' }).waitFor({ timeout: 60_000 })
    expect(new URL(page.url()).pathname).toBe(`/compliance/soc2/${second}`)
    expect(errors).toEqual([])
  })

  it('keeps the period and snapshot in the URL: the 2018 Falco events count only in a snapshot taken after vigil received them', async () => {
    const { page } = await newPage()
    const cc63 = page.locator('a.tile', { has: page.locator('.tile-id', { hasText: /^CC6\.3$/ }) })
    // As of the period's end (the default), nothing received today is counted.
    await signIn(page, TOKENS.admin, '/compliance?framework=soc2&start=2018-10-01&end=2018-11-01')
    await page.getByRole('heading', { name: /^SOC 2/ }).waitFor({ timeout: 60_000 })
    expect(await page.getByRole('heading', { name: /^HIPAA/ }).count()).toBe(0)
    expect(await page.locator('.page-head').textContent()).toContain('2018-10-01 – 2018-10-31')
    expect(await page.getByLabel('From (UTC)').inputValue()).toBe('2018-10-01')
    expect(await page.getByLabel('To, inclusive (UTC)').inputValue()).toBe('2018-10-31')
    expect(await cc63.locator('.tile-counts').textContent()).toContain('0 events')
    // As of now, they are.
    const asOf = new Date().toISOString()
    await page.goto(`${vigil.url}/compliance?framework=soc2&start=2018-10-01&end=2018-11-01&as_of=${asOf}`)
    await expect.poll(async () => (await cc63.locator('.tile-counts').textContent()) ?? '', { timeout: 60_000 }).toMatch(/^[1-9][\d,]* events/)
    expect(await cc63.getAttribute('href')).toContain(`as_of=${encodeURIComponent(asOf)}`)
    // Quarter presets rewrite the URL.
    await page.getByRole('button', { name: /^This quarter/ }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('start')).toBe(q.start)
    expect(new URL(page.url()).searchParams.get('framework')).toBe('soc2')
  })

  it('shows a control report: status and disclaimer, coverage, population over time, exceptions, samples, attestations, exports', async () => {
    const { page, errors } = await newPage()
    // CC6.3 (least privilege): RBAC rules give it both population and exceptions in the Falco traces.
    await signIn(page, TOKENS.admin, `/compliance/soc2/CC6.3?start=${q.start}&end=${q.end}`)
    await page.getByRole('heading', { name: 'Coverage' }).waitFor({ timeout: 60_000 })
    const report = (await page.evaluate(async ({ token, start, end }) => (await fetch('/v1/reports', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ framework: 'soc2', control: 'CC6.3', start, end }) })).json(), { token: TOKENS.admin, start: q.start, end: q.end })) as {
      status: string
      disclaimer: string
      populations: { row_count: number }[]
      exceptions: { total: number; by_disposition: Record<string, number> }
      coverage: { pct: number }
    }
    const box = page.locator('.status-box')
    expect(await box.getAttribute('class')).toContain(`st-${report.status}`)
    expect(await box.textContent()).toContain(report.disclaimer)
    expect(await page.locator('.coverage').textContent()).toContain(`${report.coverage.pct}% covered`)
    expect(report.populations[0]?.row_count).toBeGreaterThan(0)
    expect(await page.locator('section', { has: page.getByRole('heading', { name: 'Population' }) }).textContent()).toContain(`${report.populations[0]?.row_count.toLocaleString('en')} events`)
    // The chart is SVG, drawn by the chart library loaded for this page only.
    await page.locator('.chart-box svg .ct-bar').first().waitFor({ state: 'attached' })
    expect(await page.locator('.chart-box svg .ct-bar').count()).toBeGreaterThan(60)
    // GET /v1/populations/daily: the report's own rows per day, so the chart sums to the population.
    expect(await page.locator('.daily-chart figcaption').textContent()).toMatch(new RegExp(`^Population events per day \\(each event once; they sum to the population's row count\\): ${(report.populations[0]?.row_count ?? -1).toLocaleString('en')} over \\d+ days`))
    const dispositions = page.getByRole('table', { name: 'By disposition' })
    expect(await dispositions.getByRole('row', { name: /True positive/ }).locator('td').textContent()).toBe(String(report.exceptions.by_disposition['true_positive']))
    expect(await page.locator('section', { has: page.getByRole('heading', { name: 'Exceptions', exact: true }) }).textContent()).toContain(`${report.exceptions.total} exception finding`)
    await expectAccessible(page)
    await shot(page, 'control-report-unsigned', { fullPage: true })

    // Sign the period's attestation.
    await page.getByLabel('Statement').fill(`I reviewed the exceptions of SOC 2 CC6.3 for ${q.start}.`)
    await page.getByRole('button', { name: 'Sign as admin' }).click()
    await expect.poll(() => page.locator('.drawn').textContent()).toMatch(/Signed by principal:admin/)
    await expect.poll(() => page.locator('.attestations li').count()).toBe(1)
    expect(await page.locator('.attestations').textContent()).toContain(`I reviewed the exceptions of SOC 2 CC6.3 for ${q.start}.`)

    // Export: each button downloads the report in its format, fetched with the token in a header.
    for (const [label, ext, magic] of [
      ['JSON', 'json', '{'],
      ['CSV', 'csv', ''],
      ['PDF', 'pdf', '%PDF-'],
      ['OSCAL', 'json', '{'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label, exact: true }).click()])
      expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${ext}$`))
      const bytes = readFileSync((await download.path()) as string)
      expect(bytes.length).toBeGreaterThan(100)
      expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic)
      await expect.poll(() => page.getByRole('status').filter({ hasText: /^Saved / }).count()).toBe(1)
    }
    await expectAccessible(page)
    await shot(page, 'control-report', { fullPage: true, docs: true })
    // The signed bundle: a ZIP once a ledger checkpoint covers the report; until then the API's 409 is shown, saying why.
    await page.getByRole('button', { name: 'Bundle (ZIP)' }).click()
    await expect.poll(async () => (await page.getByRole('status').filter({ hasText: /^Saved .*\.zip\.$/ }).count()) + (await page.getByRole('alert').filter({ hasText: /Could not export the report/ }).count())).toBe(1)
    await expectAccessible(page)
    expect(errors).toEqual([])
  })

  it('lets an auditor draw a reproducible sample, but not sign, and the API still refuses the signature', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.auditor, `/compliance/soc2/CC6.3?start=${q.start}&end=${q.end}`)
    await page.getByRole('heading', { name: 'Samples' }).waitFor({ timeout: 60_000 })
    await page.getByText(/Your role \(auditor\) cannot sign attestations/).waitFor()
    expect(await page.getByRole('button', { name: /^Sign as/ }).count()).toBe(0)
    const status = await page.evaluate(
      async ({ token, start, end }) => (await fetch('/v1/attestations', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ framework: 'soc2', control: 'CC6.3', start, end, statement: 'x' }) })).status,
      { token: TOKENS.auditor, start: q.start, end: q.end },
    )
    expect(status).toBe(403)

    const draw = async () => {
      await page.getByLabel('Seed').fill('audit-2026-q4')
      await page.getByLabel(/^Size/).fill('3')
      await page.getByRole('button', { name: 'Draw', exact: true }).click()
      await expect.poll(() => page.locator('.drawn').textContent()).toMatch(/Drew smp-[0-9a-f]{32}: 3 of [\d,]+ events/)
      await page.locator('.drawn summary').click()
      return page.locator('.drawn .selected li').allTextContents()
    }
    const first = await draw()
    expect(first).toHaveLength(3)
    // The same seed over the same population selects the same events.
    await page.reload()
    await page.getByRole('heading', { name: 'Samples' }).waitFor({ timeout: 60_000 })
    expect(await draw()).toEqual(first)
    await expect.poll(() => page.locator('section', { has: page.getByRole('heading', { name: 'Samples' }) }).locator('tbody tr').count()).toBeGreaterThan(0)
    await expectAccessible(page)
  })

  it('lists every rule with pack, severity, controls, match, condition, examples and how often it fired', async () => {
    const { page } = await newPage()
    await signIn(page, TOKENS.admin, `/rules?start=${q.start}&end=${q.end}`)
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/^\d+ of \d+ rules shown; \d+ fired/)
    const listed = (await page.evaluate(async ({ token, start, end }) => (await fetch(`/v1/rules?start=${start}&end=${end}`, { headers: { authorization: `Bearer ${token}` } })).json(), { token: TOKENS.admin, start: q.start, end: q.end })) as { items: { id: string; fired: number }[] }
    expect(await page.locator('li.rule').count()).toBe(listed.items.length)
    // Most fired first, and each count is the API's.
    const top = [...listed.items].sort((a, b) => b.fired - a.fired)[0] as { id: string; fired: number }
    expect(top.fired).toBeGreaterThan(0)
    expect(await page.locator('li.rule').first().locator('.fired strong').textContent()).toBe(top.fired.toLocaleString('en'))

    await page.getByLabel('Search').fill('cluster-admin-binding')
    await expect.poll(() => page.locator('li.rule').count()).toBe(1)
    const rule = page.locator('li.rule').first()
    await rule.locator('summary').first().click()
    for (const heading of ['Controls', 'Match', 'Condition', 'Examples']) await rule.getByRole('heading', { name: heading, exact: true }).waitFor()
    expect(await rule.locator('.examples .ex-fires').count()).toBeGreaterThan(0)
    expect(await rule.locator('.examples .ex-quiet').count()).toBeGreaterThan(0)
    expect(await rule.textContent()).toContain('rbac')
    await expectAccessible(page)
    await shot(page, 'rules', { fullPage: false, docs: true })

    await page.getByLabel('Search').fill('')
    await page.getByLabel('Only rules that fired').check()
    await expect.poll(() => page.locator('li.rule').count()).toBe(listed.items.filter((r) => r.fired > 0).length)

    // One rule's own page, which a report links to.
    await page.goto(`${vigil.url}/rules/rbac.cluster-admin-binding?start=${q.start}&end=${q.end}`)
    await page.getByRole('heading', { name: 'Condition', exact: true }).waitFor()
    expect(await page.locator('.page-head').textContent()).toContain('rbac.cluster-admin-binding')
    await expectAccessible(page)
    await page.goto(`${vigil.url}/rules/rbac.no-such-rule`)
    await page.getByRole('heading', { name: 'Not found' }).waitFor()
  })

  it('works on a 375 px phone: heat map, report and rules', async () => {
    const { page } = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
    await signIn(page, TOKENS.admin, '/compliance?framework=soc2')
    await page.getByRole('heading', { name: /^SOC 2/ }).waitFor({ timeout: 60_000 })
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await expectAccessible(page)
    await shot(page, 'compliance-phone', { docs: true })
    await page.goto(`${vigil.url}/compliance/soc2/CC6.3?start=${q.start}&end=${q.end}`)
    await page.locator('.chart-box svg .ct-bar').first().waitFor({ state: 'attached', timeout: 60_000 })
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await expectAccessible(page)
    await shot(page, 'control-report-phone', { docs: true })
    await page.goto(`${vigil.url}/rules?start=${q.start}&end=${q.end}`)
    await expect.poll(() => page.locator('li.rule').count(), { timeout: 30_000 }).toBeGreaterThan(10)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375)
    await expectAccessible(page)
  })
})
