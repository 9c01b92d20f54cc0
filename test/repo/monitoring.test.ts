import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createMetrics } from '@vigil/platform'

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))

/** vigil_* metric names in PromQL, with histogram series suffixes folded into their metric. */
function vigilMetrics(exprs: readonly string[]): Set<string> {
  return new Set(exprs.flatMap((e) => [...e.matchAll(/\bvigil_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''))))
}

describe('deploy/monitoring', () => {
  const catalog = new Set((createMetrics({ defaultMetrics: false }).registry.getMetricsAsArray() as { name: string }[]).map((m) => m.name))

  it('ships a PrometheusRule whose every vigil metric is in the catalog', () => {
    const doc = parse(readFileSync(root('deploy/monitoring/prometheus-rule.yaml'), 'utf8')) as { kind: string; spec: { groups: { rules: { alert: string; expr: string }[] }[] } }
    expect(doc.kind).toBe('PrometheusRule')
    const rules = doc.spec.groups.flatMap((g) => g.rules)
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['VigilFindingBurst', 'VigilIngestErrors', 'VigilConsumerLag', 'VigilSilentCluster', 'VigilSinkUnhealthy']))
    const named = vigilMetrics(rules.map((r) => r.expr))
    expect(named.size).toBeGreaterThan(5)
    expect([...named].filter((m) => !catalog.has(m))).toEqual([])
  })

  it('ships a Grafana dashboard whose every vigil metric is in the catalog', () => {
    const dash = JSON.parse(readFileSync(root('deploy/monitoring/grafana-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] }
    const named = vigilMetrics(dash.panels.flatMap((p) => p.targets.map((t) => t.expr)))
    expect(named.has('vigil_findings_total')).toBe(true)
    expect([...named].filter((m) => !catalog.has(m))).toEqual([])
  })

  it('labels findings by rule, severity and cluster', () => {
    const m = createMetrics({ defaultMetrics: false })
    m.findings.inc({ rule: 'r', severity: 'high', cluster: 'c1' })
    expect((m.registry.getSingleMetric('vigil_findings_total') as unknown as { labelNames: string[] }).labelNames).toEqual(['rule', 'severity', 'cluster'])
  })
})
