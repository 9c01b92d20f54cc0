import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import openapiTS, { astToString } from 'openapi-typescript'
import { apiRoutes, buildOpenApi, type LedgerAccess, type Oidc, type RouteDeps, type TokenAdmin } from '@vigil/api'
import { ERROR_CATALOG } from '@vigil/core'
import { createMetrics, VIGIL_VERSION } from '@vigil/platform'
import { detectionsDoc, loadRuleset, ruleFileJsonSchema } from '@vigil/rules'
import type { Store } from '@vigil/store'

// Generated files are committed so they can be read and diffed; this test
// fails when one is stale. `npm run generate` rewrites them.
const UPDATE = process.env['VIGIL_UPDATE_GENERATED'] === '1'
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))

function check(path: string, content: string): void {
  if (UPDATE) writeFileSync(root(path), content)
  expect(readFileSync(root(path), 'utf8'), `${path} is stale: run npm run generate`).toBe(content)
}

/** Route specs need their dependencies only to handle requests; describing them needs none. */
const ROUTE_DEPS = { store: {} as Store, ledger: {} as LedgerAccess, evidence: {} as RouteDeps['evidence'], version: VIGIL_VERSION, now: () => new Date(), tokens: {} as TokenAdmin, oidc: () => ({}) as Oidc }

function openApiDocument(): Record<string, unknown> {
  return buildOpenApi(apiRoutes(ROUTE_DEPS), { version: VIGIL_VERSION })
}

function errorsDoc(): string {
  const rows = Object.entries(ERROR_CATALOG).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.retriable ? 'yes' : 'no'} | ${e.summary} |`)
  return `# Error codes

<!-- Generated from packages/core/src/errors.ts by \`npm run generate\`; do not edit. -->

Every HTTP error body is \`{ "error": { "code": "...", "message": "..." } }\`. The \`code\` is one of
these; the \`message\` says what exactly was wrong. Every error answer is counted in
\`vigil_requests_rejected_total{service,code}\`. Startup errors (configuration, rules) print the
same codes. A client may retry the retriable ones after the \`Retry-After\` delay. A 500's
\`message\` is the meaning below and the request id; what went wrong (for \`store_error\`, the
engine's text and statement) is only in the server log, under that request id.

| code | HTTP status | retriable | meaning |
|---|---|---|---|
${rows.join('\n')}
`
}

async function metricsDoc(): Promise<string> {
  const metrics = createMetrics({ defaultMetrics: false })
  const rows = (await metrics.registry.getMetricsAsJSON()).map((m) => `| \`${m.name}\` | ${m.type} | ${(m as { labelNames?: string[] }).labelNames?.join(', ') ?? ''} | ${m.help} |`)
  return `# Metrics

<!-- Generated from packages/platform/src/metrics.ts by \`npm run generate\`; do not edit. -->

Every vigil process serves Prometheus metrics at \`/metrics\` (the api port in \`vigil start\`; each
service's own port when run alone), plus the Node.js process metrics of prom-client. Label values
are bounded: error codes, reasons, rule ids, configured cluster ids.

| metric | type | labels | meaning |
|---|---|---|---|
${rows.join('\n')}
`
}

describe('generated files are current', () => {
  it('docs/schemas/rule-file.schema.json', () => {
    check('docs/schemas/rule-file.schema.json', `${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`)
  })
  it('docs/openapi.json', () => {
    check('docs/openapi.json', `${JSON.stringify(openApiDocument(), null, 2)}\n`)
  })
  it('apps/web/src/api/openapi.d.ts (the console typechecks against the API it calls)', async () => {
    const ast = await openapiTS(openApiDocument() as unknown as Parameters<typeof openapiTS>[0])
    check('apps/web/src/api/openapi.d.ts', `// Generated from docs/openapi.json by \`npm run generate\`; do not edit.\n\n${astToString(ast)}`)
  })
  it('apps/web/src/api/roles.ts (which roles may call each operation)', () => {
    const rows = apiRoutes(ROUTE_DEPS).map((r) => `  ${r.operationId}: [${(r.roles ?? []).map((x) => `'${x}'`).join(', ')}],`)
    check('apps/web/src/api/roles.ts', `// Generated from the API's route specs by \`npm run generate\`; do not edit.\n// The console hides what a role may not do; the API still refuses it.\n\nexport const ROUTE_ROLES = {\n${rows.join('\n')}\n} as const\n`)
  })
  it('docs/errors.md', () => {
    check('docs/errors.md', errorsDoc())
  })
  it('docs/detections.md', () => {
    check('docs/detections.md', detectionsDoc(loadRuleset([root('rules')], root(''))))
  })
  it('docs/metrics.md', async () => {
    check('docs/metrics.md', await metricsDoc())
  })
})
