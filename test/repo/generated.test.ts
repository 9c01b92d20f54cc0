import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { apiRoutes, buildOpenApi, type LedgerAccess, type RouteDeps } from '@vigil/api'
import { ERROR_CATALOG } from '@vigil/core'
import { createMetrics, VIGIL_VERSION } from '@vigil/platform'
import { ruleFileJsonSchema } from '@vigil/rules'
import type { Store } from '@vigil/store'

// Generated files are committed so they can be read and diffed; this test
// fails when one is stale. `npm run generate` rewrites them.
const UPDATE = process.env['VIGIL_UPDATE_GENERATED'] === '1'
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))

function check(path: string, content: string): void {
  if (UPDATE) writeFileSync(root(path), content)
  expect(readFileSync(root(path), 'utf8'), `${path} is stale: run npm run generate`).toBe(content)
}

function errorsDoc(): string {
  const rows = Object.entries(ERROR_CATALOG).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.retriable ? 'yes' : 'no'} | ${e.summary} |`)
  return `# Error codes

<!-- Generated from packages/core/src/errors.ts by \`npm run generate\`; do not edit. -->

Every HTTP error body is \`{ "error": { "code": "...", "message": "..." } }\`. The \`code\` is one of
these; the \`message\` says what exactly was wrong. Every error answer is counted in
\`vigil_requests_rejected_total{service,code}\`. Startup errors (configuration, rules) print the
same codes. A client may retry the retriable ones after the \`Retry-After\` delay.

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
    check('docs/openapi.json', `${JSON.stringify(buildOpenApi(apiRoutes({ store: {} as Store, ledger: {} as LedgerAccess, evidence: {} as RouteDeps['evidence'], version: VIGIL_VERSION, now: () => new Date() }), { version: VIGIL_VERSION }), null, 2)}\n`)
  })
  it('docs/errors.md', () => {
    check('docs/errors.md', errorsDoc())
  })
  it('docs/metrics.md', async () => {
    check('docs/metrics.md', await metricsDoc())
  })
})
